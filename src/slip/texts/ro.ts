import type { SlipTexts } from './types.js';

export const ro: SlipTexts = {
  code: 'ro',
  endonym: 'română',
  dir: 'ltr',
  reviewedByNativeSpeaker: false,
  title: 'Programarea dumneavoastră',
  date: 'Data',
  time: 'Ora',
  place: 'Locul',
  service: 'Serviciul',
  bring: 'Ce trebuie să aduceți',
  bringText: 'Documentele dumneavoastră și scrisoarea primită pentru această programare.',
  mediator: 'Va fi prezent un mediator care vorbește limba dumneavoastră.',
  video: 'Prin apel video (serviciul vă va trimite linkul)',
  phone: 'Prin telefon (serviciul vă va suna)',
};
