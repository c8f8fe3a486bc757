import type { SlipTexts } from './types.js';

export const uk: SlipTexts = {
  code: 'uk',
  endonym: 'українська',
  dir: 'ltr',
  reviewedByNativeSpeaker: false,
  title: 'Ваш прийом',
  date: 'Дата',
  time: 'Час',
  place: 'Місце',
  service: 'Установа',
  bring: 'Що взяти з собою',
  bringText: 'Ваші документи та лист, який ви отримали щодо цього прийому.',
  mediator: 'Там буде медіатор, який розмовляє вашою мовою.',
  video: 'Відеодзвінком (установа надішле вам посилання)',
  phone: 'Телефоном (установа вам зателефонує)',
};
