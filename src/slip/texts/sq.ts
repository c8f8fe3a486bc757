import type { SlipTexts } from './types.js';

export const sq: SlipTexts = {
  code: 'sq',
  endonym: 'shqip',
  dir: 'ltr',
  reviewedByNativeSpeaker: false,
  title: 'Takimi juaj',
  date: 'Data',
  time: 'Ora',
  place: 'Vendi',
  service: 'Shërbimi',
  bring: 'Çfarë duhet të sillni',
  bringText: 'Dokumentet tuaja dhe letrën që keni marrë për këtë takim.',
  mediator: 'Do të jetë i pranishëm një ndërmjetës që flet gjuhën tuaj.',
  video: 'Me video-thirrje (shërbimi do t’ju dërgojë lidhjen)',
  phone: 'Me telefon (shërbimi do t’ju telefonojë)',
};
