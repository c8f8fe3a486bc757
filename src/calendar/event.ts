/** What an invite or feed entry says about one appointment (instants in epoch ms, shown in `zone`). */
export interface CalendarEvent {
  /** Stable per appointment, e.g. "apt_01J…@mediator-booking". */
  uid: string;
  /** 0 on creation, +1 on every change (iTIP). */
  sequence: number;
  start: number;
  end: number;
  zone: string;
  /** DTSTAMP / LAST-MODIFIED. */
  stamp: number;
  summary: string;
  description: string;
  location: string | null;
  status: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
  organizer: { name: string; email: string };
  attendees: Array<{
    name: string;
    email: string;
    partstat: 'NEEDS-ACTION' | 'ACCEPTED' | 'DECLINED' | 'TENTATIVE';
    rsvp: boolean;
    role?: 'REQ-PARTICIPANT' | 'OPT-PARTICIPANT';
  }>;
  url?: string;
}
