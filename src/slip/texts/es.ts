import type { SlipTexts } from './types.js';

export const es: SlipTexts = {
  code: 'es',
  endonym: 'español',
  dir: 'ltr',
  reviewedByNativeSpeaker: false,
  title: 'Su cita',
  date: 'Fecha',
  time: 'Hora',
  place: 'Lugar',
  service: 'Servicio',
  bring: 'Qué traer',
  bringText: 'Sus documentos y la carta que recibió para esta cita.',
  mediator: 'Estará presente un mediador o una mediadora que habla su idioma.',
  video: 'Por videollamada (el servicio le enviará el enlace)',
  phone: 'Por teléfono (el servicio le llamará)',
};
