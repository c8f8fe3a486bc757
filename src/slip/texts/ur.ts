import type { SlipTexts } from './types.js';

export const ur: SlipTexts = {
  code: 'ur',
  endonym: 'اردو',
  dir: 'rtl',
  reviewedByNativeSpeaker: false,
  title: 'آپ کی ملاقات',
  date: 'تاریخ',
  time: 'وقت',
  place: 'جگہ',
  service: 'ادارہ',
  bring: 'ساتھ کیا لائیں',
  bringText: 'اپنے کاغذات اور وہ خط جو آپ کو اس ملاقات کے بارے میں ملا ہے۔',
  mediator: 'وہاں ایک ثقافتی ثالث موجود ہوگا جو آپ کی زبان بولتا ہے۔',
  video: 'ویڈیو کال کے ذریعے (ادارہ آپ کو لنک بھیجے گا)',
  phone: 'فون کے ذریعے (ادارہ آپ کو کال کرے گا)',
};
