/** One language's words on the beneficiary's slip. */
export interface SlipTexts {
  /** BCP 47 primary language subtag: `ar`, `zh`. */
  code: string;
  /** The language's name in itself, for the slip's column heading. */
  endonym: string;
  dir: 'ltr' | 'rtl';
  /** The script the texts are written in, where the language has more than one (`pa-Arab` is not `Guru`). */
  script?: string;
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
