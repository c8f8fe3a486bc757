import type { SlipTexts } from './types.js';

export const bn: SlipTexts = {
  code: 'bn',
  endonym: 'বাংলা',
  dir: 'ltr',
  reviewedByNativeSpeaker: false,
  title: 'আপনার অ্যাপয়েন্টমেন্ট',
  date: 'তারিখ',
  time: 'সময়',
  place: 'স্থান',
  service: 'সেবা',
  bring: 'সঙ্গে যা আনবেন',
  bringText: 'আপনার কাগজপত্র এবং এই অ্যাপয়েন্টমেন্টের জন্য আপনি যে চিঠি পেয়েছেন।',
  mediator: 'সেখানে আপনার ভাষায় কথা বলেন এমন একজন মধ্যস্থতাকারী থাকবেন।',
  video: 'ভিডিও কলের মাধ্যমে (সেবা প্রতিষ্ঠান আপনাকে লিংক পাঠাবে)',
  phone: 'ফোনের মাধ্যমে (সেবা প্রতিষ্ঠান আপনাকে ফোন করবে)',
};
