import type { SlipTexts } from './types.js';

export const pa: SlipTexts = {
  code: 'pa',
  endonym: 'ਪੰਜਾਬੀ',
  dir: 'ltr',
  script: 'Guru',
  reviewedByNativeSpeaker: false,
  title: 'ਤੁਹਾਡੀ ਮੁਲਾਕਾਤ',
  date: 'ਤਾਰੀਖ',
  time: 'ਸਮਾਂ',
  place: 'ਥਾਂ',
  service: 'ਸੇਵਾ',
  bring: 'ਨਾਲ ਕੀ ਲਿਆਉਣਾ ਹੈ',
  bringText: 'ਤੁਹਾਡੇ ਦਸਤਾਵੇਜ਼ ਅਤੇ ਇਸ ਮੁਲਾਕਾਤ ਬਾਰੇ ਤੁਹਾਨੂੰ ਮਿਲੀ ਚਿੱਠੀ।',
  mediator: 'ਉੱਥੇ ਤੁਹਾਡੀ ਭਾਸ਼ਾ ਬੋਲਣ ਵਾਲਾ ਇੱਕ ਵਿਚੋਲਾ ਮੌਜੂਦ ਹੋਵੇਗਾ।',
  video: 'ਵੀਡੀਓ ਕਾਲ ਰਾਹੀਂ (ਸੇਵਾ ਤੁਹਾਨੂੰ ਲਿੰਕ ਭੇਜੇਗੀ)',
  phone: 'ਫ਼ੋਨ ਰਾਹੀਂ (ਸੇਵਾ ਤੁਹਾਨੂੰ ਫ਼ੋਨ ਕਰੇਗੀ)',
};
