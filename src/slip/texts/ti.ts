import type { SlipTexts } from './types.js';

export const ti: SlipTexts = {
  code: 'ti',
  endonym: 'ትግርኛ',
  dir: 'ltr',
  reviewedByNativeSpeaker: false,
  title: 'ቆጸራኹም',
  date: 'ዕለት',
  time: 'ሰዓት',
  place: 'ቦታ',
  service: 'ኣገልግሎት',
  bring: 'እንታይ ሒዝኩም ክትመጹ',
  bringText: 'ሰነዳትኩምን ብዛዕባ እዚ ቆጸራ ዝተቐበልኩምዎ ደብዳበን።',
  mediator: 'ቋንቋኹም ዝዛረብ ተሸማጋሊ ኣብኡ ክህሉ እዩ።',
  video: 'ብቪድዮ ጻውዒት (እቲ ኣገልግሎት ነቲ ሊንክ ክሰደልኩም እዩ)',
  phone: 'ብተሌፎን (እቲ ኣገልግሎት ክድውለልኩም እዩ)',
};
