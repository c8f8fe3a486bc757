import { formatRange, formatShort } from './format.js';
import { languageName } from './languages.js';
import type { Action, DetailRow } from './layout.js';
import { COMMON } from './strings.js';
import type { AppointmentData, Locale } from './types.js';

/** Which contact the reader needs: mediators need the desk's, desks the mediator's; coordinators both. */
export interface DetailOptions {
  mediatorContact: boolean;
  deskContact: boolean;
}

/** The appointment as label/value rows, in the reader's language. */
export function appointmentDetails(data: AppointmentData, locale: Locale, options: DetailOptions): DetailRow[] {
  const t = COMMON[locale];
  const rows: DetailRow[] = [
    { label: t.when, value: formatRange(data.start, data.end, locale) },
    { label: t.language, value: languageName(data.language, locale) },
    { label: t.mode, value: t.modality[data.modality] ?? data.modality },
    { label: t.service, value: data.serviceName },
    { label: t.address, value: data.serviceAddress },
  ];
  if (data.location) rows.push({ label: t.location, value: data.location });
  if (data.videoUrl) rows.push({ label: t.videoUrl, value: data.videoUrl });
  if (data.dialIn) rows.push({ label: t.dialIn, value: data.dialIn });
  if (data.beneficiaryRef) rows.push({ label: t.caseRef, value: data.beneficiaryRef });
  if (options.mediatorContact && data.mediatorName) rows.push({ label: t.mediator, value: data.mediatorName });
  if (options.mediatorContact && data.mediatorPhone) rows.push({ label: t.mediatorPhone, value: data.mediatorPhone });
  if (options.deskContact) {
    rows.push({ label: t.deskContact, value: [data.deskEmail, data.deskPhone].filter(Boolean).join(' · ') });
  }
  if (data.notes) rows.push({ label: t.notes, value: data.notes });
  if (data.cancelReason) rows.push({ label: t.cancelReason, value: data.cancelReason });
  return rows;
}

/** The "open the appointment" link, when there is one. */
export function appointmentLink(data: AppointmentData, locale: Locale): Action[] {
  return data.appointmentUrl ? [{ label: COMMON[locale].openAppointment, url: data.appointmentUrl, tone: 'secondary' }] : [];
}

/** "arabo (marocchino) · lun 23 mar 2026, 10:00 · ASL TO4": the tail of every subject line. */
export function subjectTail(data: AppointmentData, locale: Locale): string {
  return [languageName(data.language, locale), formatShort(data.start, locale), data.serviceName].join(' · ');
}
