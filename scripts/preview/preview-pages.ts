/** The preview's own HTML: the start page and the stand-in phone-call form. Static text only. */
const style = '<link rel="stylesheet" href="/webresources/ringo_/css/ringo.css" />';

export function indexPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8" /><title>Ringostat × Smart CRM — preview</title>${style}</head>
<body class="ringo-page"><main>
<h1>Ringostat × Smart CRM — web resource preview</h1>
<div class="ringo-card">
<p>The CRM pages below run with a small <code>Xrm</code> stand-in backed by the Dataverse emulator's Web API.
Add <code>?lang=en</code> or <code>?lang=uk</code> to switch the language.</p>
<ul>
<li><a href="/webresources/ringo_/html/call_log.html">Call journal</a> (ringo_/html/call_log.html)</li>
<li><a href="/webresources/ringo_/html/settings.html">Ringostat settings</a> (ringo_/html/settings.html)</li>
<li>Phone call form with the recording player: <code>/preview/form/phonecall?id=&lt;activityid&gt;</code>,
or one of the newest calls below</li>
</ul></div>
<div class="ringo-card"><h2>Newest phone calls</h2><ul id="calls"><li>Loading…</li></ul></div>
</main>
<script src="/preview/config.js"></script><script src="/preview/xrm-shim.js"></script><script src="/preview/index.js"></script>
</body></html>`;
}

export function phoneCallFormPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8" /><title>Phone call — preview form</title>${style}
<style>.form-grid{display:grid;grid-template-columns:160px 1fr;gap:4px 12px;margin-bottom:12px}
.form-grid dt{color:var(--ringo-muted)}.form-grid dd{margin:0}
iframe{width:100%;height:120px;border:0}</style>
<script src="/preview/config.js"></script><script src="/preview/xrm-shim.js"></script></head>
<body class="ringo-page"><main>
<h1 id="f-subject">Phone call</h1>
<p id="f-error" class="ringo-error" role="alert"></p>
<section class="ringo-card"><dl class="form-grid">
<dt>Phone number</dt><dd id="f-phone"></dd><dt>Direction</dt><dd id="f-direction"></dd>
<dt>Start</dt><dd id="f-start"></dd><dt>Result</dt><dd id="f-result"></dd>
<dt>Employee</dt><dd id="f-employee"></dd><dt>Regarding</dt><dd id="f-contact"></dd></dl></section>
<section class="ringo-card"><h2>Recording</h2>
<iframe id="WebResource_recordingplayer" title="Recording" src="/webresources/ringo_/html/player.html"></iframe>
</section></main>
<script src="/webresources/ringo_/js/phonecall_form.js"></script>
<script src="/preview/form-host.js"></script></body></html>`;
}
