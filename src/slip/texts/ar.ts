import type { SlipTexts } from './types.js';

export const ar: SlipTexts = {
  code: 'ar',
  endonym: 'العربية',
  dir: 'rtl',
  reviewedByNativeSpeaker: false,
  title: 'موعدك',
  date: 'التاريخ',
  time: 'الساعة',
  place: 'المكان',
  service: 'الجهة',
  bring: 'ما يجب إحضاره',
  bringText: 'وثائقك والرسالة التي استلمتها بخصوص هذا الموعد.',
  mediator: 'سيحضر وسيط ثقافي يتحدث لغتك.',
  video: 'عبر مكالمة فيديو (ستُرسل إليك الجهة الرابط)',
  phone: 'عبر الهاتف (ستتصل بك الجهة)',
};
