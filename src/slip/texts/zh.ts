import type { SlipTexts } from './types.js';

export const zh: SlipTexts = {
  code: 'zh',
  endonym: '中文',
  dir: 'ltr',
  script: 'Hans',
  reviewedByNativeSpeaker: false,
  title: '您的预约',
  date: '日期',
  time: '时间',
  place: '地点',
  service: '服务机构',
  bring: '请携带',
  bringText: '您的证件以及您收到的有关本次预约的信函。',
  mediator: '届时将有一位会说您语言的文化调解员在场。',
  video: '视频通话（服务机构会把链接发给您）',
  phone: '电话（服务机构会给您打电话）',
};
