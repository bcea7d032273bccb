/**
 * Dataverse answers error messages in the calling user's language: an application user of a Ukrainian
 * org reads Ukrainian text, and only the error `code` stays the same. With `language: 1058`
 * (DATAVERSE_EMULATOR_LANGUAGE=1058) the emulator does the same, so a client that decides anything by
 * English message text fails its tests instead of a customer's org. The translations cover the messages
 * a client acts on; every other message becomes a Ukrainian sentence keeping only the code and the
 * quoted names, never the English words.
 */
export const LANGUAGES = [1033, 1058] as const;
export type Language = (typeof LANGUAGES)[number];

type Translation = [pattern: RegExp, render: (m: RegExpExecArray) => string];

const UKRAINIAN: Translation[] = [
  [
    /^Number of requests exceeded the limit of (\d+) over time window of (\d+) seconds\.$/,
    (m) => `Кількість запитів перевищила ліміт ${m[1]} за часове вікно ${m[2]} с.`,
  ],
  [
    /^Combined execution time of incoming requests exceeded limit of ([\d,]+) milliseconds over time window of (\d+) seconds\./,
    (m) =>
      `Сукупний час виконання вхідних запитів перевищив ліміт ${m[1]} мс за часове вікно ${m[2]} с. Зменште кількість одночасних запитів або їхню тривалість і спробуйте пізніше.`,
  ],
  [
    /^Number of concurrent requests exceeded the limit of (\d+)\.$/,
    (m) => `Кількість одночасних запитів перевищила ліміт ${m[1]}.`,
  ],
  [/^Cannot update Closed or Cancelled Activity$/, () => 'Неможливо оновити закриту або скасовану дію'],
  [
    /^A record with matching key values already exists\.$/,
    () => 'Запис із такими значеннями ключа вже існує.',
  ],
  [/^Cannot insert duplicate key\.$/, () => 'Неможливо вставити повторюваний ключ.'],
  [/^(\w+) With Id = (.+) Does Not Exist$/, (m) => `${m[1]} з ідентифікатором ${m[2]} не існує`],
  [
    /^A record that has the attribute values (.+) already exists\. The entity key (\S+) requires/,
    (m) =>
      `Запис зі значеннями атрибутів ${m[1]} уже існує. Ключ сутності ${m[2]} вимагає, щоб ці значення були унікальними.`,
  ],
  [
    /^Version stamp associated with the client has expired/,
    () => 'Позначка версії клієнта застаріла. Виконайте повну синхронізацію.',
  ],
  [
    /^The version of the existing record doesn't match the RowVersion property provided\.$/,
    () => 'Версія наявного запису не відповідає наданій властивості RowVersion.',
  ],
  [
    /^Could not find a property named '([^']+)' on type '([^']+)'\.$/,
    (m) => `Не вдалося знайти властивість '${m[1]}' у типі '${m[2]}'.`,
  ],
  [
    /^An undeclared property '([^']+)'/,
    (m) =>
      `Знайдено неоголошену властивість '${m[1]}', яка має лише анотації без значення. В OData без значення можуть бути лише оголошені властивості навігації.`,
  ],
  [
    /^The user is not authenticated/,
    () => 'Користувача не автентифіковано: надішліть заголовок Authorization: Bearer <маркер>.',
  ],
  [
    /^The Dataverse emulator does not support (.+?)\. Extend/,
    (m) => `Емулятор Dataverse не підтримує: ${m[1]}.`,
  ],
];

export function localizeMessage(message: string, code: string, language: Language): string {
  if (language === 1033) return message;
  for (const [pattern, render] of UKRAINIAN) {
    const match = pattern.exec(message);
    if (match) return render(match);
  }
  const names = [...message.matchAll(/'([^']*)'/g)].map((m) => `'${m[1] ?? ''}'`);
  return `Запит відхилено (код ${code})${names.length ? `: ${names.join(', ')}` : ''}.`;
}
