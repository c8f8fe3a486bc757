import type { SlipTexts } from './types.js';

export const fr: SlipTexts = {
  code: 'fr',
  endonym: 'français',
  dir: 'ltr',
  reviewedByNativeSpeaker: false,
  title: 'Votre rendez-vous',
  date: 'Date',
  time: 'Heure',
  place: 'Lieu',
  service: 'Service',
  bring: 'À apporter',
  bringText: 'Vos documents et la lettre que vous avez reçue pour ce rendez-vous.',
  mediator: 'Un médiateur ou une médiatrice qui parle votre langue sera présent(e).',
  video: 'Par appel vidéo (le service vous enverra le lien)',
  phone: 'Par téléphone (le service vous appellera)',
};
