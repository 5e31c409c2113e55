#!/usr/bin/env node
// `efax` as npm links it into node_modules/.bin. The bin lives in this workspace rather than in the
// root package.json because npx runs a linked bin directly, whereas a root bin makes it install the
// project into its own cache on every call. The command itself is bin/efax.js.
import "../../bin/efax.js";
