/** One language's words on the beneficiary's slip. */
export interface SlipTexts {
  /** BCP 47 primary language subtag: `ar`, `zh`. */
  code: string;
  /** The language's name in itself, for the slip's column heading. */
  endonym: string;
  dir: 'ltr' | 'rtl';
  /** False until a native-speaking mediator has read and approved these words. */
  reviewedByNativeSpeaker: boolean;
  title: string;
  date: string;
  time: string;
  place: string;
  service: string;
  bring: string;
  bringText: string;
  mediator: string;
  video: string;
  phone: string;
}
