// The playground page's script: shows what the server draws, and sends what the person does.
// No framework: the server draws every message with the app's own Block Kit drawing; this file
// puts the fragments in place (keeping focus and scroll), and turns clicks, menu choices, typed
// messages and modal submissions into small JSON requests. Changes arrive over Server-Sent Events.
(() => {
  const config = JSON.parse(document.getElementById("playground-config").textContent);
  const paths = config.paths;
  const $ = (id) => document.getElementById(id);
  const log = $("log");
  const threadLog = $("thread-log");
  const homePanel = $("home-panel");
  const status = $("status");
  const composer = $("composer");
  const modalRoot = $("modal-root");

  /** What is open: the channel, or the app (Home or Messages tab), and maybe a thread. */
  const view = { place: "channel", tab: "home", thread: null };
  let loading = null;
  let again = false;

  function conversation() {
    if (view.place === "channel") return config.channel.id;
    return view.tab === "messages" ? config.directMessage : null;
  }

  function say(text) {
    status.textContent = text;
  }

  async function request(path, body) {
    const response = await fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (response.ok) return true;
    let message = `The playground answered HTTP ${response.status}.`;
    try {
      const answer = await response.json();
      if (answer && typeof answer.error === "string") message = answer.error;
    } catch {}
    say(message);
    return false;
  }

  /** Which control had focus, to find it again once its message is drawn anew. */
  function focusKey(container) {
    const active = document.activeElement;
    if (!active || !container.contains(active)) return null;
    const item = active.closest("[data-item]");
    return {
      item: item ? item.dataset.item : null,
      action: active.dataset.actionId || null,
      thread: active.dataset.openThread || null,
    };
  }

  function restoreFocus(container, key) {
    if (!key || container.contains(document.activeElement)) return;
    const item = key.item ? container.querySelector(`[data-item="${CSS.escape(key.item)}"]`) : null;
    let target = null;
    if (item && key.action) {
      target = item.querySelector(`[data-action-id="${CSS.escape(key.action)}"]`);
    }
    if (!target && item && key.thread) {
      target = item.querySelector(`[data-open-thread="${CSS.escape(key.thread)}"]`);
    }
    if (!target && item) target = item.querySelector("button, select, input, a[href]");
    (target || container).focus();
  }

  /** Puts `items` in `container` in order, replacing only those whose drawing changed. */
  function place(container, items) {
    const nearBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 80;
    const focus = focusKey(container);
    const existing = new Map();
    for (const node of container.querySelectorAll(":scope > [data-key]")) {
      existing.set(node.dataset.key, node);
    }
    let previous = null;
    for (const item of items) {
      let node = existing.get(item.key);
      existing.delete(item.key);
      if (!node || node.drawn !== item.html) {
        const fresh = document.createElement("div");
        fresh.dataset.key = item.key;
        fresh.innerHTML = item.html;
        fresh.drawn = item.html;
        if (node) node.replaceWith(fresh);
        node = fresh;
      }
      const wanted = previous ? previous.nextSibling : container.firstChild;
      if (wanted !== node) container.insertBefore(node, wanted);
      previous = node;
    }
    for (const node of existing.values()) node.remove();
    const empty = container.querySelector(":scope > .empty");
    if (items.length === 0 && !empty) {
      const note = document.createElement("p");
      note.className = "muted empty";
      note.textContent =
        view.place === "channel"
          ? "Nothing here yet. Type a command below, for example /efax failures last week."
          : "No messages yet. Reports you run from the Home arrive here.";
      container.append(note);
    } else if (items.length > 0 && empty) {
      empty.remove();
    }
    restoreFocus(container, focus);
    if (nearBottom) container.scrollTop = container.scrollHeight;
  }

  /** Where focus was before a modal opened, to go back there when it closes. */
  let beforeModal = null;

  function remember(element) {
    if (!(element instanceof HTMLElement)) return null;
    const item = element.closest("[data-item]");
    return {
      element,
      item: item ? item.dataset.item : null,
      action: element.dataset.actionId || null,
    };
  }

  /** The remembered control, or the same control drawn anew since (the Home is published twice). */
  function controlAgain(memory) {
    if (!memory) return null;
    if (document.contains(memory.element)) return memory.element;
    if (!memory.item || !memory.action) return null;
    const item = document.querySelector(`[data-item="${CSS.escape(memory.item)}"]`);
    return item ? item.querySelector(`[data-action-id="${CSS.escape(memory.action)}"]`) : null;
  }

  function showModal(modal) {
    const shown = modalRoot.firstElementChild;
    const form = shown ? shown.querySelector("form") : null;
    const layout = document.querySelector(".layout");
    if (!modal) {
      if (shown) {
        modalRoot.replaceChildren();
        modalRoot.drawn = null;
        layout.inert = false;
        const back = controlAgain(beforeModal) || composer;
        beforeModal = null;
        back.focus();
      }
      return;
    }
    if (form && form.dataset.viewId === modal.id && modalRoot.drawn === modal.html) return;
    if (!shown) beforeModal = remember(document.activeElement);
    const values = form && form.dataset.viewId === modal.id ? typedValues(form) : null;
    modalRoot.innerHTML = modal.html;
    modalRoot.drawn = modal.html;
    layout.inert = true;
    const fresh = modalRoot.querySelector("form");
    if (values) {
      for (const input of fresh.querySelectorAll("[data-action-id]")) {
        const block = input.closest("[data-block-id]");
        const value = block && values[block.dataset.blockId];
        if (value && input.dataset.actionId in value) input.value = value[input.dataset.actionId];
      }
    }
    const invalid = fresh.querySelector('[aria-invalid="true"]');
    const first =
      fresh.querySelector("[autofocus]") || fresh.querySelector("input, textarea, button");
    (invalid || first).focus();
  }

  async function refresh() {
    if (loading) {
      again = true;
      return loading;
    }
    const query = new URLSearchParams();
    const open = conversation();
    if (open) query.set("conversation", open);
    if (open && view.thread) query.set("thread", view.thread);
    if (view.place === "app" && view.tab === "home") query.set("home", "1");
    loading = (async () => {
      try {
        const response = await fetch(`${paths.state}?${query}`);
        if (!response.ok) return;
        const state = await response.json();
        if (state.conversation) place(log, state.conversation.items);
        if (state.home) {
          const waiting = homePanel.querySelector(".waiting");
          if (waiting) waiting.remove();
          place(homePanel, [state.home]);
        }
        $("thread").hidden = !state.thread;
        if (state.thread) place(threadLog, state.thread.items);
        showModal(state.modal);
      } catch {
        say("The playground is not answering. Is npm start still running?");
      } finally {
        loading = null;
        if (again) {
          again = false;
          refresh();
        }
      }
    })();
    return loading;
  }

  function open(place, tab) {
    view.place = place;
    view.thread = null;
    if (tab) view.tab = tab;
    const inApp = place === "app";
    const onHome = inApp && view.tab === "home";
    for (const button of document.querySelectorAll("[data-open]")) {
      if (button.dataset.open === place) button.setAttribute("aria-current", "page");
      else button.removeAttribute("aria-current");
    }
    $("main-title").textContent = inApp ? config.app : `# ${config.channel.name}`;
    document.querySelector(".tabs").hidden = !inApp;
    $("tab-home").setAttribute("aria-selected", String(onHome));
    $("tab-messages").setAttribute("aria-selected", String(inApp && !onHome));
    $("tab-home").tabIndex = onHome || !inApp ? 0 : -1;
    $("tab-messages").tabIndex = onHome ? -1 : 0;
    homePanel.hidden = !onHome;
    log.hidden = onHome;
    $("composer-form").hidden = onHome;
    const where = inApp ? config.app : `#${config.channel.name}`;
    $("composer-label").textContent = `Message ${where}`;
    composer.placeholder = `Message ${where}`;
    log.replaceChildren();
    if (inApp) request(paths.openTab, { tab: view.tab });
    refresh();
  }

  function typedValues(form) {
    const values = {};
    for (const input of form.querySelectorAll("[data-block-id] [data-action-id]")) {
      const blockId = input.closest("[data-block-id]").dataset.blockId;
      values[blockId] = values[blockId] || {};
      values[blockId][input.dataset.actionId] = input.value;
    }
    return values;
  }

  function actionOf(control) {
    const item = control.closest("[data-item]");
    if (!item) return null;
    const block = control.closest("[data-block-id]");
    const action = { item: item.dataset.item, actionId: control.dataset.actionId };
    if (block) action.blockId = block.dataset.blockId;
    return action;
  }

  async function sendMessage(textarea, threadTs) {
    const text = textarea.value.trim();
    if (text === "") return;
    const open = threadTs ? conversation() || config.channel.id : conversation();
    if (!open) return;
    const body = { conversation: open, text };
    if (threadTs) body.threadTs = threadTs;
    textarea.disabled = true;
    say("");
    try {
      if (await request(paths.send, body)) textarea.value = "";
    } finally {
      textarea.disabled = false;
      textarea.focus();
    }
  }

  document.addEventListener("click", async (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const opener = target.closest("[data-open]");
    if (opener) return open(opener.dataset.open, opener.dataset.open === "app" ? "home" : null);
    const tab = target.closest('[role="tab"]');
    if (tab) return open("app", tab.id === "tab-home" ? "home" : "messages");
    const example = target.closest("[data-example]");
    if (example) {
      if (view.place !== "channel") open("channel");
      composer.value = example.dataset.example;
      composer.focus();
      return;
    }
    const thread = target.closest("[data-open-thread]");
    if (thread) {
      view.thread = thread.dataset.openThread;
      await refresh();
      $("reply").focus();
      return;
    }
    if (target.closest("[data-close-thread]")) {
      view.thread = null;
      $("thread").hidden = true;
      composer.focus();
      return;
    }
    const closer = target.closest("[data-close-view]");
    if (closer) {
      const form = closer.closest("form[data-view-id]");
      if (form) request(paths.closeView, { viewId: form.dataset.viewId });
      return;
    }
    const button = target.closest("button[data-action-id]");
    if (!button) return;
    const action = actionOf(button);
    if (!action) return;
    say("");
    button.setAttribute("aria-busy", "true");
    try {
      await request(paths.action, action);
    } finally {
      button.removeAttribute("aria-busy");
    }
  });

  document.addEventListener("change", (event) => {
    const control = event.target;
    if (!(control instanceof HTMLElement) || !control.dataset.actionId) return;
    if (control.closest("form[data-view-id]")) return;
    const action = actionOf(control);
    if (!action) return;
    if (control instanceof HTMLSelectElement) action.selected = control.value;
    else if (control instanceof HTMLInputElement && control.type === "date") {
      if (!control.value) return;
      action.date = control.value;
    } else return;
    say("");
    request(paths.action, action);
  });

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    event.preventDefault();
    if (form.id === "composer-form") return sendMessage(composer, null);
    if (form.id === "reply-form") return sendMessage($("reply"), view.thread);
    if (form.dataset.viewId) {
      const submit = form.querySelector('button[type="submit"]');
      if (submit) submit.disabled = true;
      try {
        await request(paths.submitView, { viewId: form.dataset.viewId, values: typedValues(form) });
      } finally {
        if (submit) submit.disabled = false;
      }
    }
  });

  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (event.key === "Escape" && target instanceof Element) {
      const form = target.closest("form[data-view-id]");
      if (form) request(paths.closeView, { viewId: form.dataset.viewId });
      return;
    }
    if (event.key === "Enter" && !event.shiftKey && target instanceof HTMLTextAreaElement) {
      event.preventDefault();
      target.form.requestSubmit();
    }
    if (
      (event.key === "ArrowRight" || event.key === "ArrowLeft") &&
      target.getAttribute?.("role") === "tab"
    ) {
      open("app", view.tab === "home" ? "messages" : "home");
      (view.tab === "home" ? $("tab-home") : $("tab-messages")).focus();
    }
  });

  const events = new EventSource(paths.events);
  events.onmessage = () => refresh();
  events.onerror = () => say("Lost the connection to the playground; trying again…");
  events.onopen = () => {
    if (status.textContent.startsWith("Lost")) say("");
  };
  refresh();
})();
