/**
 * The house's layers, top to bottom. A module may import from its own layer and any layer below,
 * never from one above: `npm run lint` fails on an import that points up. Tests are not a layer.
 */
const LAYERS = [
  {
    name: "entry points",
    paths: [
      "^api/",
      "^bin/",
      "^packages/",
      "^scripts/",
      "^bench/",
      "^src/(main|serverless|serverless-cron)\\.ts$",
      "^src/playground/",
      "^src/cli/",
    ],
  },
  { name: "app and server", paths: ["^src/app\\.ts$", "^src/server/", "^src/storage\\.ts$"] },
  { name: "Slack requests (receiver, verification, listeners)", paths: ["^src/slack/"] },
  { name: "services", paths: ["^src/services/"] },
  {
    name: "views, charts and the /efax grammar",
    paths: ["^src/views/", "^src/charts/", "^src/command/"],
  },
  { name: "configuration and reports", paths: ["^src/config\\.ts$", "^src/reports/"] },
  { name: "eFax client, store and secrets", paths: ["^src/efax/", "^src/store/", "^src/secrets/"] },
  { name: "dates and files", paths: ["^src/dates/", "^src/files\\.ts$"] },
];

const pathsOf = (layers) => layers.flatMap((layer) => layer.paths);

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    ...LAYERS.slice(1).map((layer, index) => ({
      name: `layer: ${layer.name}`,
      comment: `${layer.name} must not import from a layer above it (${LAYERS.slice(0, index + 1)
        .map((above) => above.name)
        .join(", ")}): move what both need down.`,
      severity: "error",
      from: { path: layer.paths },
      to: { path: pathsOf(LAYERS.slice(0, index + 1)) },
    })),
    {
      name: "no-circular",
      comment: "Modules of the app must not import each other in a circle.",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "no-unresolvable",
      comment: "Every relative import must name a file that exists.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true, dependencyTypesNot: ["core"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|test|\\.ci|\\.data|coverage)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      extensions: [".ts", ".js", ".mjs", ".json"],
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
    },
  },
};
