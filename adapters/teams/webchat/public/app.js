/*
 * The local web chat: speaks to sagebot exactly as Teams does. Typed text is POSTed to /api/messages as a
 * Bot Framework message activity whose serviceUrl is this server's local connector; card buttons are POSTed
 * as `adaptiveCard/action` invokes and the card is replaced by the invoke response; everything the bot sends
 * (new messages and in-place card updates) arrives over Server-Sent Events from that connector. Every
 * request carries the key the server handed out in /webchat/session (a new one each start).
 * The transcript lives on the server (hub.ts): the stream replays it first, so a reload shows the same lines
 * and live cards; with nothing to replay the page asks to be greeted, as the Bot Framework Emulator does.
 * "Reset demo" asks first and sends nothing unless confirmed.
 */
(() => {
  var $ = (id) => document.getElementById(id);
  var transcript = $('transcript');
  var input = $('message-input');
  var session = null;
  var conversationId = null;
  /** activity id -> { el, version, activity } (user lines: { el, user: true }) */
  var messages = new Map();
  var toastTimer = null;
  var typingTimer = null;

  function uid(prefix) {
    var rnd = window.crypto && crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2) + Date.now();
    return prefix + rnd;
  }

  function conversation() {
    var key = 'sagebot.webchat.conversation';
    var id = null;
    try {
      id = sessionStorage.getItem(key);
    } catch (e) {
      /* storage off */
    }
    if (!id) {
      id = uid('wc-conv-').slice(0, 60);
      try {
        sessionStorage.setItem(key, id);
      } catch (e) {
        /* storage off */
      }
    }
    return id;
  }

  function toast(text, tone) {
    var el = $('toast');
    el.textContent = text;
    el.dataset.tone = tone || 'info';
    el.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => {
      el.hidden = true;
    }, 6000);
  }

  function scrollDown() {
    transcript.scrollTop = transcript.scrollHeight;
  }

  function baseActivity(type) {
    return {
      type: type,
      id: uid('u-'),
      timestamp: new Date().toISOString(),
      localTimestamp: new Date().toISOString(),
      channelId: session.channelId,
      serviceUrl: session.serviceUrl,
      from: { id: session.user.id, name: session.user.name, role: 'user' },
      recipient: { id: session.bot.id, name: session.bot.name, role: 'bot' },
      conversation: { id: conversationId, conversationType: 'personal', isGroup: false },
      locale: navigator.language || 'en-GB',
      localTimezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      channelData: { clientActivityId: uid('c-') },
    };
  }

  function keyed(headers) {
    headers[session.keyHeader] = session.key;
    return headers;
  }

  function post(activity) {
    return fetch('/api/messages', {
      method: 'POST',
      headers: keyed({ 'Content-Type': 'application/json' }),
      body: JSON.stringify(activity),
    }).then((res) =>
      res.text().then((text) => {
        var body = null;
        try {
          body = text ? JSON.parse(text) : null;
        } catch (e) {
          body = null;
        }
        return { ok: res.ok, status: res.status, body: body };
      }),
    );
  }

  function addUserMessage(text, id) {
    if (messages.has(id)) return;
    var el = document.createElement('div');
    el.className = 'msg user';
    el.setAttribute('data-testid', 'user-message');
    var p = document.createElement('p');
    p.className = 'text';
    p.textContent = text;
    el.appendChild(p);
    messages.set(id, { el: el, user: true });
    transcript.appendChild(el);
    scrollDown();
  }

  function sendText(text) {
    text = String(text || '').trim();
    if (!text) return;
    var id = uid('u-');
    addUserMessage(text, id);
    ready
      .then(() => {
        var activity = baseActivity('message');
        activity.id = id;
        activity.text = text;
        activity.textFormat = 'plain';
        return post(activity);
      })
      .then((r) => {
        if (!r.ok) toast(errorText(r), 'error');
      })
      .catch(() => {
        toast('sagebot did not answer. Is it still running?', 'error');
      });
  }

  function errorText(r) {
    var b = r.body || {};
    var msg = b.error?.message || b.message || b.value?.message;
    return msg || 'sagebot answered ' + r.status + '.';
  }

  function onCardAction(activityId, kind, action) {
    if (kind === 'openUrl') {
      if (/^https?:\/\//i.test(action.url || '')) window.open(action.url, '_blank', 'noopener');
      return;
    }
    var entry = messages.get(activityId);
    if (!entry) return;
    if (kind === 'submit') {
      var submit = baseActivity('message');
      submit.value = action.data || {};
      submit.replyToId = activityId;
      post(submit).then((r) => {
        if (!r.ok) toast(errorText(r), 'error');
      });
      return;
    }
    var versionAtPress = entry.version;
    entry.el.classList.add('busy');
    entry.el.setAttribute('aria-busy', 'true');
    var invoke = baseActivity('invoke');
    invoke.name = 'adaptiveCard/action';
    invoke.replyToId = activityId;
    invoke.value = {
      action: { type: 'Action.Execute', id: action.id, verb: action.verb, data: action.data || {} },
      trigger: 'manual',
    };
    post(invoke)
      .then((r) => {
        var body = r.body || {};
        if (body.type === 'application/vnd.microsoft.card.adaptive' && body.value) {
          // A newer update (progress) may have arrived while we waited; it wins.
          if (entry.version === versionAtPress) {
            entry.activity.attachments = [
              { contentType: 'application/vnd.microsoft.card.adaptive', content: body.value },
            ];
            renderEntry(entry);
          }
        } else if (body.type === 'application/vnd.microsoft.activity.message') {
          toast(String(body.value), 'info');
        } else {
          toast(errorText(r), 'error');
        }
      })
      .catch(() => {
        toast('sagebot did not answer. Is it still running?', 'error');
      })
      .then(() => {
        entry.el.classList.remove('busy');
        entry.el.removeAttribute('aria-busy');
      });
  }

  function renderEntry(entry) {
    var activity = entry.activity;
    entry.version += 1;
    entry.el.dataset.version = String(entry.version);
    entry.el.replaceChildren();
    if (activity.text) {
      var p = document.createElement('p');
      p.className = 'text';
      p.setAttribute('data-testid', 'bot-text');
      p.textContent = activity.text;
      entry.el.appendChild(p);
    }
    (activity.attachments || []).forEach((a) => {
      var holder = document.createElement('div');
      holder.className = 'card';
      holder.setAttribute('data-testid', 'card');
      holder.dataset.activityId = activity.id;
      if (a.contentType !== 'application/vnd.microsoft.card.adaptive') {
        holder.textContent = activity.summary || '(an attachment this page cannot show)';
      } else {
        try {
          var out = SagebotCards.render(a.content, (kind, action) => {
            onCardAction(activity.id, kind, action);
          });
          holder.appendChild(out.element);
          if (out.warnings.length) holder.dataset.warnings = out.warnings.join(' | ');
        } catch (e) {
          holder.classList.add('broken');
          holder.textContent = (activity.summary || 'A card could not be shown.') + ' (' + e.message + ')';
        }
      }
      entry.el.appendChild(holder);
    });
  }

  function sameContent(a, b) {
    return a.text === b.text && JSON.stringify(a.attachments || []) === JSON.stringify(b.attachments || []);
  }

  function upsert(activity) {
    if (activity.type === 'typing') return showTyping();
    if (activity.type !== 'message') return;
    if (activity.from && activity.from.role === 'user') return addUserMessage(activity.text || '', activity.id);
    hideTyping();
    var entry = messages.get(activity.id);
    // The server echoes the card an invoke answer put in place; redrawing it would only clear what is typed.
    if (entry && !entry.user && sameContent(entry.activity, activity)) return;
    var isNew = !entry;
    if (isNew) {
      var el = document.createElement('div');
      el.className = 'msg bot';
      el.setAttribute('data-testid', 'bot-message');
      el.dataset.activityId = activity.id;
      entry = { el: el, version: 0, activity: activity };
      messages.set(activity.id, entry);
      transcript.appendChild(el);
    } else {
      entry.activity = activity;
    }
    renderEntry(entry);
    if (isNew) scrollDown();
  }

  function showTyping() {
    var el = $('typing');
    if (!el) {
      el = document.createElement('div');
      el.id = 'typing';
      el.className = 'msg bot typing';
      el.setAttribute('data-testid', 'typing');
      el.textContent = 'sagebot is typing…';
      transcript.appendChild(el);
      scrollDown();
    }
    clearTimeout(typingTimer);
    typingTimer = setTimeout(hideTyping, 4000);
  }

  function hideTyping() {
    var el = $('typing');
    if (el) el.remove();
  }

  function clearTranscript() {
    messages.clear();
    transcript.replaceChildren();
  }

  /** A restarted sagebot has a new key, so this page can no longer talk to it: say so once, stop retrying. */
  function checkRestarted(source) {
    fetch('/webchat/session')
      .then((r) => (r.ok ? r.json() : null))
      .then((s) => {
        if (!s || s.key === session.key) return;
        source.close();
        var status = $('connection-status');
        status.textContent = 'restarted';
        status.dataset.state = 'restarted';
        toast('sagebot was restarted. Reload this page to continue.', 'error');
      })
      .catch(() => undefined);
  }

  function connect() {
    var status = $('connection-status');
    var source = new EventSource(
      '/webchat/events?conversation=' + encodeURIComponent(conversationId) + '&key=' + encodeURIComponent(session.key),
    );
    source.onopen = () => {
      status.textContent = 'connected';
      status.dataset.state = 'connected';
      document.body.dataset.ready = 'true';
    };
    source.onerror = () => {
      status.textContent = 'reconnecting…';
      status.dataset.state = 'reconnecting';
      checkRestarted(source);
    };
    source.addEventListener('activity', (e) => {
      upsert(JSON.parse(e.data));
    });
    source.addEventListener('delete', (e) => {
      var id = JSON.parse(e.data).id;
      var entry = messages.get(id);
      if (entry) {
        entry.el.remove();
        messages.delete(id);
      }
    });
    source.addEventListener('replayed', (e) => {
      if (JSON.parse(e.data).count === 0) greet();
    });
    source.addEventListener('reset', () => {
      clearTranscript();
      greet();
    });
  }

  /** An empty transcript: tell the bot it was added to this chat, so it says what it can do (once: the server dedupes). */
  function greet() {
    var hello = baseActivity('conversationUpdate');
    hello.membersAdded = [
      { id: session.bot.id, name: session.bot.name },
      { id: session.user.id, name: session.user.name },
    ];
    post(hello).catch(() => undefined);
  }

  function askReset() {
    var dialog = $('reset-dialog');
    if (dialog.open) return;
    dialog.showModal();
    $('reset-cancel').focus();
  }

  function resetDemo() {
    var button = $('reset-demo');
    $('reset-dialog').close();
    button.disabled = true;
    toast('Restoring the demo data…', 'info');
    fetch('/webchat/reset', {
      method: 'POST',
      headers: keyed({ 'Content-Type': 'application/json' }),
      body: JSON.stringify({ confirm: true }),
    })
      .then((r) => r.json())
      .then((b) => {
        toast(b.message || (b.ok ? 'Demo data restored.' : 'Reset failed.'), b.ok ? 'success' : 'error');
      })
      .catch(() => {
        toast('Reset failed: sagebot did not answer.', 'error');
      })
      .then(() => {
        button.disabled = false;
      });
  }

  var ready = fetch('/webchat/session')
    .then((r) => r.json())
    .then((s) => {
      session = s;
      conversationId = conversation();
      document.body.dataset.conversationId = conversationId;
      $('notice').textContent = s.notice || '';
      $('reset-demo').hidden = !s.resetAvailable;
      return fetch('/webchat/host-config.json').then((r) => r.json());
    })
    .then((config) => {
      SagebotCards.setUp(config);
      connect();
    });
  ready.catch(() => {
    toast('Could not reach sagebot.', 'error');
  });

  $('composer').addEventListener('submit', (e) => {
    e.preventDefault();
    var text = input.value;
    input.value = '';
    sendText(text);
    input.focus();
  });
  $('reset-demo').addEventListener('click', askReset);
  $('reset-cancel').addEventListener('click', () => {
    $('reset-dialog').close();
  });
  $('reset-confirm').addEventListener('click', resetDemo);
  Array.prototype.forEach.call(document.querySelectorAll('#suggestions .chip'), (chip) => {
    chip.addEventListener('click', () => {
      sendText(chip.dataset.text);
    });
  });
  input.focus();
})();
