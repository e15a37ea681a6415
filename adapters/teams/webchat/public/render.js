/*
 * Card rendering for the local web chat: the official Adaptive Cards renderer (window.AdaptiveCards, the
 * adaptivecards package's dist bundle) with a Teams-like host config and a small, escaping Markdown subset
 * (bold, italic, links, line breaks) like the one Teams supports in TextBlocks.
 */
(() => {
  var hostConfig = null;

  function escapeHtml(s) {
    return String(s).replace(
      /[&<>"']/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
    );
  }

  function markdown(text) {
    var html = escapeHtml(text)
      .replace(
        /\[([^\]]{1,200})\]\((https?:\/\/[^\s)]{1,500})\)/g,
        '<a href="$2" target="_blank" rel="noopener noreferrer">$1</a>',
      )
      .replace(/\*\*([^*]{1,500})\*\*/g, '<strong>$1</strong>')
      .replace(/(^|[^*])\*([^*\n]{1,500})\*/g, '$1<em>$2</em>')
      .replace(/(^|\s)_([^_\n]{1,500})_(?=\s|$)/g, '$1<em>$2</em>')
      .replace(/\r?\n/g, '<br>');
    return html;
  }

  function setUp(config) {
    hostConfig = new AdaptiveCards.HostConfig(config);
    AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
      result.outputHtml = markdown(text);
      result.didProcess = true;
    };
  }

  /**
   * Renders a card into an element. onAction(kind, action) receives 'execute' | 'submit' | 'openUrl' and a
   * plain description { id, verb, data, url, title }. Returns the list of parse warnings.
   */
  function render(cardJson, onAction) {
    var card = new AdaptiveCards.AdaptiveCard();
    if (hostConfig) card.hostConfig = hostConfig;
    var warnings = [];
    var context = new AdaptiveCards.SerializationContext();
    card.parse(cardJson, context);
    for (var i = 0; i < context.eventCount; i++) warnings.push(context.getEventAt(i).message);
    card.onExecuteAction = (action) => {
      var type = action.getJsonTypeName();
      var plain = { id: action.id, title: action.title, verb: action.verb, data: action.data, url: action.url };
      if (type === 'Action.Execute') onAction('execute', plain);
      else if (type === 'Action.Submit') onAction('submit', plain);
      else if (type === 'Action.OpenUrl') onAction('openUrl', plain);
    };
    var element = card.render();
    return { element: element, warnings: warnings };
  }

  window.SagebotCards = { setUp: setUp, render: render, escapeHtml: escapeHtml };
})();
