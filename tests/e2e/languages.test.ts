import type { Frame } from 'playwright-core';
import { seedDemoCallAi } from '../../scripts/preview/demo-call-ai';
import { previewTexts } from '../../scripts/preview/preview-texts';
import { callAiTexts } from '../../webresources/src/call-ai/call-ai-texts';
import { staffTexts } from '../../webresources/src/settings/staff-texts';
import type { Language } from '../../webresources/src/shared/crm-language';
import { textsFor } from '../../webresources/src/shared/texts';
import { startHarness, type Harness, type TestPage } from './support/browser-harness';

/**
 * Every page in Ukrainian, English and Russian (CRM user languages 1058, 1033, 1049): the page says which
 * language it is in, and no text of another language is visible anywhere — labels, buttons, placeholders,
 * options, accessible names, the tab title, the player and the AI analysis in their frame, the settings
 * page's staff card, the preview's own pages.
 */
jest.setTimeout(120_000);

const LANGUAGES: readonly Language[] = ['uk', 'en', 'ru'];
let harness: Harness;
let page: TestPage;
let withAi = '';

beforeAll(async () => {
  harness = await startHarness({ hostileNames: false, receiverUrl: 'https://ringostat.example.com' });
  withAi = seedDemoCallAi(harness.emulator, {
    recordingBaseUrl: `${harness.preview.url}/preview/recordings`,
  });
  page = await harness.newPage({ width: 1366, height: 900 });
});
afterAll(async () => {
  await harness?.close();
});

/** Everything a user can read or hear on the page, minus data from Dataverse (names, subjects). */
function visibleText(target: TestPage | Frame): Promise<string> {
  return target.evaluate(() => {
    const data =
      '#f-subject, #calls a, .c-contact, .c-employee, #f-contact, #f-employee, #f-ringostat-name, #owner-current, #f-owner option:not([value=""]), [data-language-switch], .ringo-ai-field dd, .ringo-ai-recommendations li, .ringo-ai-speaker, .ringo-ai-words';
    const skip = new Set(document.querySelectorAll(data));
    // Elements whose own text is data but whose children are labels (the AI summary after its label).
    const dataText = new Set(document.querySelectorAll('.ringo-ai-summary'));
    const parts: string[] = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
    for (let node = walker.currentNode as Element | null; node; node = walker.nextNode() as Element | null) {
      if ([...skip].some((s) => s.contains(node))) continue;
      for (const attribute of ['placeholder', 'aria-label', 'title']) {
        const value = node.getAttribute(attribute);
        if (value) parts.push(value);
      }
      if (dataText.has(node)) continue;
      for (const child of node.childNodes)
        if (child.nodeType === Node.TEXT_NODE) parts.push(child.textContent ?? '');
    }
    return parts.join('\n');
  });
}

/** Every dictionary of a language: the pages', the preview's, the AI panel's and the staff card's. */
const dictionaries = (language: Language): string[] => [
  ...Object.values(textsFor(language)),
  ...Object.values(previewTexts(language)),
  ...Object.values(callAiTexts(language)),
  ...Object.values(staffTexts(language)),
];

/** Strings of the other languages that cannot be mistaken for this one's (different, 4+ letters). */
function foreignStrings(language: Language): string[] {
  const mine = dictionaries(language).join('\n');
  const others = LANGUAGES.filter((l) => l !== language).flatMap(dictionaries);
  return [...new Set(others)].filter((s) => s.length >= 4 && !mine.includes(s));
}

async function pageTexts(lang: Language): Promise<string[]> {
  const url = harness.preview.url;
  const texts: string[] = [];
  const pages = [
    [
      `/webresources/ringo_/html/call_log.html?lang=${lang}`,
      '#ringo-call-log[aria-busy="false"] [data-total="count"]',
    ],
    [
      `/webresources/ringo_/html/settings.html?lang=${lang}`,
      '#ringo-settings[aria-busy="false"] code[data-url]',
    ],
    [`/?lang=${lang}`, '#calls a'],
  ] as const;
  for (const [path, ready] of pages) {
    await page.goto(url + path);
    await page.waitForSelector(ready);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    texts.push(await visibleText(page));
  }
  // The journal's cards, the inline player and the owner list, opened.
  await page.goto(`${url}/webresources/ringo_/html/call_log.html?lang=${lang}&pageSize=100`);
  await page.waitForSelector('#ringo-call-log[aria-busy="false"] [data-total="count"]');
  await page.click(`[data-callid="${harness.demo.calls.playable}"] [data-action="listen"]`);
  await page.waitForSelector('.ringo-player-row [data-action="play"]');
  texts.push(await visibleText(page));
  const forms = [
    ...(['playable', 'notReady', 'missed', 'notAnswered', 'notRecorded', 'expired'] as const).map((role) => ({
      role,
      id: harness.demo.calls[role],
    })),
    { role: 'withAi', id: withAi },
  ];
  for (const { role, id } of forms) {
    await page.goto(`${url}/preview/form/phonecall?id=${id}&lang=${lang}`);
    await page.waitForSelector('#f-start:not(:empty)');
    const frame = page.frame({ url: /player\.html/ }) as Frame;
    await frame.waitForSelector('.ringo-player-controls, [data-state]');
    // An expired link is found out only when played: nothing is fetched before (no preload).
    if (role === 'expired') {
      await frame.click('button[data-action="play"]');
      await frame.waitForSelector('[data-state="expired"]');
    }
    if (role === 'withAi') await frame.waitForSelector('.ringo-ai:not([hidden]) .ringo-ai-line');
    expect(await frame.getAttribute('html', 'lang')).toBe(lang);
    texts.push(await visibleText(page), await visibleText(frame));
  }
  return texts;
}

/**
 * Words that stay as they are in every language: product names, formats, codes, addresses, env names, and
 * the syntax examples of the settings (host names, staff ID=SIP login pairs).
 */
const NAMES =
  /https?:\/\/\S+|<RINGOSTAT_WEBHOOK_TOKEN>|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|[\w*-]+(?:\.[\w-]+)+|\w+=[\w@.+-]+|\b(Ringostat AI|Ringostat|SIP|https|Smart|CRM|CSV|Webhooks|Xrm|API|UA|GA|Id|Dataverse|npm run simulate|M\/D\/YYYY)\b/g;

it.each(LANGUAGES)('in %s every page shows its own language only', async (lang) => {
  const texts = (await pageTexts(lang)).join('\n');
  const leaked = foreignStrings(lang).filter((s) => texts.includes(s));
  expect(leaked).toEqual([]);
  // An untranslated string looks the same in both dictionaries, so also look at the script itself.
  const rest = texts.replace(NAMES, ' ');
  const wrongScript =
    lang === 'en' ? rest.match(/\S*[А-яЁёІіЇїЄєҐґ]+\S*/g) : rest.match(/\S*[A-Za-z]{2,}\S*/g);
  expect(wrongScript ?? []).toEqual([]);
  // A Russian page that fell back to a Ukrainian dictionary (or the reverse) has the other's letters.
  const otherLetters = lang === 'ru' ? /\S*[ІіЇїЄєҐґ]\S*/g : lang === 'uk' ? /\S*[ЫыЭэЁё]\S*/g : null;
  expect(otherLetters ? (rest.match(otherLetters) ?? []) : []).toEqual([]);
  // …and the page really is in that language.
  const t = textsFor(lang);
  for (const expected of [
    callAiTexts(lang).title,
    callAiTexts(lang).transcript,
    staffTexts(lang).title,
    staffTexts(lang).help,
    t.journalTitle,
    t.settingsTitle,
    t.exportCsv,
    t.playerTitle,
    t.noRecordingMissed,
    t.expired,
  ])
    expect(texts).toContain(expected);
  expect(page.errors).toEqual([]);
});
