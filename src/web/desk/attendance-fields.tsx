import { OUTCOMES } from '../../domain/attendance.js';
import { type FormState, InputField, RadioGroup } from '../forms.js';
import type { Texts } from '../texts/it.js';

/** The outcome and the check-in and check-out times of an attendance sheet, as the desk fills them in. */
export function AttendanceFields(props: { t: Texts; form: FormState }) {
  const { t, form } = props;
  return (
    <>
      <RadioGroup name="outcome" label={t.attendance.outcome} form={form} options={OUTCOMES.map((o) => ({ value: o, label: t.outcome[o] ?? o }))} />
      <div class="row">
        <div class="col-sm-6">
          <InputField name="checkIn" type="time" label={t.attendance.checkIn} form={form} />
        </div>
        <div class="col-sm-6">
          <InputField name="checkOut" type="time" label={t.attendance.checkOut} form={form} />
        </div>
      </div>
    </>
  );
}
