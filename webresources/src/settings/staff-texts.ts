import type { Language } from '../shared/crm-language';

/**
 * Texts of the "Ringostat employees" card of the settings page, in the three languages the pages speak
 * (docs/adr/0105, 0144). The staff ID is named as the CRM names the user column (ringo_ringostatstaffid:
 * "Ringostat staff ID", "Id співробітника Ringostat", "Id сотрудника Ringostat"), so the admin finds it.
 */
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
  help: 'Дзвінок отримує користувач CRM співробітника Ringostat: той, у кого збігається Id співробітника Ringostat, інакше — з тією самою електронною поштою, що й у Ringostat. Список надає приймач; введіть його токен адміністратора (ADMIN_TOKEN), щоб побачити список. Токен ніде не зберігається.',
  token: 'Токен адміністратора приймача',
  show: 'Показати співробітників',
  loading: 'Завантажуємо співробітників…',
  refused: 'Приймач не прийняв токен: перевірте ADMIN_TOKEN',
  unreachable: 'Не вдалося зв’язатися з приймачем',
  disabled: 'Довідник співробітників вимкнено',
  needReceiver: 'Спочатку вкажіть адресу приймача',
  summary:
    'Співробітників: {total}; за Id співробітника — {byId}, за електронною поштою — {byEmail}, без користувача — {none}.',
  ext: 'внутр.',
  byStaffId: 'за Id співробітника Ringostat',
  byEmail: 'за електронною поштою',
  noUser:
    'Немає користувача CRM: впишіть {id} у поле «Id співробітника Ringostat» користувача або вкажіть йому ту саму електронну пошту.',
  'staff-id-shared': 'Цей Id співробітника Ringostat мають кілька користувачів CRM; залиште його в одного.',
  'email-shared': 'Цю електронну пошту мають кілька користувачів CRM; впишіть Id співробітника потрібному.',
  'no-email': 'У Ringostat у співробітника немає електронної пошти.',
  refreshed: 'Оновлено',
  never: 'ще не оновлювався',
  lastError: 'Останнє оновлення не вдалося',
};

const ru: StaffTexts = {
  title: 'Сотрудники Ringostat и пользователи CRM',
  help: 'Звонок получает пользователь CRM сотрудника Ringostat: тот, у кого совпадает Id сотрудника Ringostat, иначе — с той же электронной почтой, что и в Ringostat. Список даёт приёмник; введите его токен администратора (ADMIN_TOKEN), чтобы увидеть список. Токен нигде не сохраняется.',
  token: 'Токен администратора приёмника',
  show: 'Показать сотрудников',
  loading: 'Загружаем сотрудников…',
  refused: 'Приёмник не принял токен: проверьте ADMIN_TOKEN',
  unreachable: 'Не удалось связаться с приёмником',
  disabled: 'Справочник сотрудников выключен',
  needReceiver: 'Сначала укажите адрес приёмника',
  summary:
    'Сотрудников: {total}; по Id сотрудника — {byId}, по электронной почте — {byEmail}, без пользователя — {none}.',
  ext: 'внутр.',
  byStaffId: 'по Id сотрудника Ringostat',
  byEmail: 'по электронной почте',
  noUser:
    'Нет пользователя CRM: впишите {id} в поле «Id сотрудника Ringostat» пользователя или укажите ему ту же электронную почту.',
  'staff-id-shared': 'Этот Id сотрудника Ringostat есть у нескольких пользователей CRM; оставьте его одному.',
  'email-shared': 'Эта электронная почта есть у нескольких пользователей CRM; впишите Id сотрудника нужному.',
  'no-email': 'У сотрудника нет электронной почты в Ringostat.',
  refreshed: 'Обновлено',
  never: 'ещё не обновлялся',
  lastError: 'Последнее обновление не удалось',
};

const ALL: Readonly<Record<Language, StaffTexts>> = { en, uk, ru };

export function staffTexts(language: Language): StaffTexts {
  return ALL[language];
}
