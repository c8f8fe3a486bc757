import type { SlipTexts } from './types.js';

export const en: SlipTexts = {
  code: 'en',
  endonym: 'English',
  dir: 'ltr',
  reviewedByNativeSpeaker: false,
  title: 'Your appointment',
  date: 'Date',
  time: 'Time',
  place: 'Place',
  service: 'Service',
  bring: 'What to bring',
  bringText: 'Your documents and the letter you received about this appointment.',
  mediator: 'A mediator who speaks your language will be there.',
  video: 'By video call (the service will send you the link)',
  phone: 'By phone (the service will call you)',
};
