import type { SlipTexts } from './types.js';

export const it: SlipTexts = {
  code: 'it',
  endonym: 'italiano',
  dir: 'ltr',
  reviewedByNativeSpeaker: false,
  title: 'Il suo appuntamento',
  date: 'Data',
  time: 'Ora',
  place: 'Luogo',
  service: 'Servizio',
  bring: 'Cosa portare',
  bringText: 'I suoi documenti e la lettera che ha ricevuto per questo appuntamento.',
  mediator: 'Sarà presente un mediatore o una mediatrice che parla la sua lingua.',
  video: 'In videochiamata (il servizio le invierà il link)',
  phone: 'Per telefono (il servizio la chiamerà)',
};
