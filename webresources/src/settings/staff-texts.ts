import type { Language } from '../shared/crm-language';

/** Texts of the "Ringostat employees" card of the settings page (uk, en). */
const en = {
  title: 'Ringostat employees and CRM users',
  help: 'Calls are given to the CRM user of the Ringostat employee: the user whose Ringostat staff ID matches, else the user with the same e-mail as in Ringostat. The list comes from the receiver; type its admin token (ADMIN_TOKEN) to see it. The token is never saved.',
  token: 'Receiver admin token',
  show: 'Show employees',
  loading: 'Loading the employees…',
  refused: 'The receiver refused the token: check ADMIN_TOKEN',
  unreachable: 'The receiver could not be reached',
  disabled: 'The staff directory is off',
  needReceiver: 'Set the receiver URL first',
  summary: '{total} employees: {byId} matched by staff ID, {byEmail} by e-mail, {none} without a CRM user.',
  ext: 'ext.',
  byStaffId: 'by Ringostat staff ID',
  byEmail: 'by e-mail',
  noUser:
    'No CRM user: enter staff ID {id} as the user’s Ringostat staff ID, or give the user the same e-mail.',
  'staff-id-shared': 'Several CRM users have this Ringostat staff ID; keep it on one.',
  'email-shared': 'Several CRM users have this e-mail; set the staff ID on the right one.',
  'no-email': 'The employee has no e-mail in Ringostat.',
  refreshed: 'Refreshed',
  never: 'not refreshed yet',
  lastError: 'Last refresh failed',
};

export type StaffTexts = Readonly<Record<keyof typeof en, string>>;

const uk: StaffTexts = {
  title: 'Співробітники Ringostat і користувачі CRM',
  help: 'Дзвінок отримує користувач CRM співробітника Ringostat: той, у кого збігається Ringostat staff ID, інакше — з тією самою e-mail, що й у Ringostat. Список надає приймач; введіть його токен адміністратора (ADMIN_TOKEN), щоб побачити список. Токен ніде не зберігається.',
  token: 'Токен адміністратора приймача',
  show: 'Показати співробітників',
  loading: 'Завантажуємо співробітників…',
  refused: 'Приймач не прийняв токен: перевірте ADMIN_TOKEN',
  unreachable: 'Не вдалося зв’язатися з приймачем',
  disabled: 'Довідник співробітників вимкнено',
  needReceiver: 'Спочатку вкажіть адресу приймача',
  summary: 'Співробітників: {total}; за staff ID — {byId}, за e-mail — {byEmail}, без користувача — {none}.',
  ext: 'внутр.',
  byStaffId: 'за Ringostat staff ID',
  byEmail: 'за e-mail',
  noUser:
    'Немає користувача CRM: впишіть {id} у поле Ringostat staff ID користувача або вкажіть йому ту саму e-mail.',
  'staff-id-shared': 'Цей Ringostat staff ID мають кілька користувачів CRM; залиште його в одного.',
  'email-shared': 'Цю e-mail мають кілька користувачів CRM; впишіть staff ID потрібному.',
  'no-email': 'У Ringostat у співробітника немає e-mail.',
  refreshed: 'Оновлено',
  never: 'ще не оновлювався',
  lastError: 'Останнє оновлення не вдалося',
};

export function staffTexts(language: Language): StaffTexts {
  return language === 'en' ? en : uk;
}
