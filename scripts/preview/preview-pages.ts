import type { Language } from '../../webresources/src/shared/crm-language';
import { previewTexts } from './preview-texts';

/** The preview's own HTML: the start page and the stand-in phone-call form. Static text only, escaped. */
const head = (language: Language, title: string, extra = ''): string =>
  `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
<title>${escapeHtml(title)}</title><link rel="icon" href="/favicon.svg" type="image/svg+xml" />
<link rel="stylesheet" href="/webresources/ringo_/css/ringo.css" />${extra}</head>`;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A small Fluent-blue tile with a handset: the preview's favicon (the CRM has its own). */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0f6cbd"/>' +
  '<path fill="#fff" d="M11.6 7.5l2.3 4.2c.3.6.2 1.3-.3 1.7l-1.5 1.3c.9 2 2.6 3.8 4.7 4.8l1.3-1.5c.4-.5 1.1-.6 1.7-.3l4.2 2.3c.6.3.9 1 .7 1.7l-.8 2.6c-.2.7-.9 1.2-1.6 1.1C14.5 24.8 7.2 17.5 6.6 9.7c0-.7.4-1.4 1.1-1.6l2.6-.8c.6-.2 1.3.1 1.6.7z"/></svg>';

function languageSwitch(language: Language, path: string): string {
  const names: Record<Language, string> = { uk: 'Українська', en: 'English', ru: 'Русский' };
  return (Object.keys(names) as Language[])
    .map((l) =>
      l === language
        ? `<strong lang="${l}">${names[l]}</strong>`
        : `<a lang="${l}" href="${path}?lang=${l}">${names[l]}</a>`,
    )
    .join(' · ');
}

export function indexPage(language: Language): string {
  const t = previewTexts(language);
  const q = `?lang=${language}`;
  return `${head(language, t.title)}
<body class="ringo-page"><main>
<h1>${escapeHtml(t.title)}</h1>
<p data-language-switch="true" aria-label="${escapeHtml(t.language)}">${languageSwitch(language, '/')}</p>
<section class="ringo-card"><h2>${escapeHtml(t.pages)}</h2>
<p>${escapeHtml(t.intro)}</p>
<ul>
<li><a href="/webresources/ringo_/html/call_log.html${q}">${escapeHtml(t.journal)}</a></li>
<li><a href="/webresources/ringo_/html/settings.html${q}">${escapeHtml(t.settings)}</a></li>
<li>${escapeHtml(t.form)}: ${escapeHtml(t.formHint)}</li>
</ul></section>
<section class="ringo-card"><h2>${escapeHtml(t.newest)}</h2><ul id="calls"><li>${escapeHtml(t.loading)}</li></ul></section>
</main>
<script src="/preview/config.js"></script><script src="/preview/xrm-shim.js"></script><script src="/preview/index.js"></script>
</body></html>`;
}

export function phoneCallFormPage(language: Language): string {
  const t = previewTexts(language);
  const row = (id: string, label: string): string => `<dt>${escapeHtml(label)}</dt><dd id="${id}"></dd>`;
  const style = `<style>.form-grid{display:grid;grid-template-columns:minmax(120px,180px) minmax(0,1fr);gap:4px 12px;margin:0}
.form-grid dt{color:var(--colorNeutralForeground3)}.form-grid dd{margin:0;overflow-wrap:anywhere}
iframe{width:100%;height:150px;border:0;display:block}</style>
<script src="/preview/config.js"></script><script src="/preview/xrm-shim.js"></script>`;
  return `${head(language, t.formTitle, style)}
<body class="ringo-page"><main>
<h1 id="f-subject">${escapeHtml(t.formTitle)}</h1>
<p id="f-error" class="ringo-error" role="alert"></p>
<section class="ringo-card"><dl class="form-grid">
${row('f-phone', t.phone)}${row('f-direction', t.direction)}${row('f-start', t.start)}${row('f-result', t.result)}
${row('f-employee', t.employee)}${row('f-contact', t.regarding)}${row('f-ringostat-name', t.ringostatName)}</dl></section>
<section class="ringo-card"><h2>${escapeHtml(t.recording)}</h2>
<iframe id="WebResource_recordingplayer" title="${escapeHtml(t.recording)}" src="/webresources/ringo_/html/player.html?lang=${language}"></iframe>
</section></main>
<script src="/webresources/ringo_/js/phonecall_form.js"></script>
<script src="/preview/form-host.js"></script></body></html>`;
}
