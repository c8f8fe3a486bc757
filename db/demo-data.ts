/**
 * Static demo data for `npm run seed:demo`: a plausible Piedmont network of services, mediators,
 * availability, time off, exclusions and appointments. Everything here is fixed (no randomness);
 * dates are relative to "next Monday" in Europe/Rome when the seed runs. All names are invented,
 * all e-mail domains are under .example.* and all phone numbers are fictitious.
 */
import type { Gender, Level, Modality, Sector, ServiceKind } from '../src/domain/vocabulary.js';

export const DEMO_ZONE = 'Europe/Rome';

/** The languages the network is expected to cover (the most requested in Piedmont's services). */
export const DEMO_LANGUAGES = [
  'ar',
  'ar-MA',
  'ro',
  'sq',
  'zh',
  'ur',
  'bn',
  'pa',
  'es',
  'en',
  'fr',
  'pcm',
  'wo',
  'ti',
  'uk',
  'ru',
  'ise',
] as const;

export const PROVINCES = ['TO', 'CN', 'AL', 'AT', 'NO', 'VC', 'BI', 'VB'] as const;
export type Province = (typeof PROVINCES)[number];

// ---------------------------------------------------------------------------------------------
// Services
// ---------------------------------------------------------------------------------------------

export interface DemoService {
  key: string;
  name: string;
  kind: ServiceKind;
  area: Province;
  address: string;
  contactEmail: string;
  phone?: string;
}

export const DEMO_SERVICES: readonly DemoService[] = [
  // Torino
  {
    key: 'to-consultorio',
    name: 'ASL Città di Torino – Consultorio Familiare',
    kind: 'health',
    area: 'TO',
    address: 'Via Monginevro 130, 10141 Torino',
    contactEmail: 'consultorio.monginevro@asl-to.example.it',
    phone: '+39 011 000 1130',
  },
  {
    key: 'to-isi',
    name: 'ASL Città di Torino – Centro ISI (Informazione Salute Immigrati)',
    kind: 'health',
    area: 'TO',
    address: 'Lungo Dora Savona 24, 10152 Torino',
    contactEmail: 'centro.isi@asl-to.example.it',
  },
  {
    key: 'to-mariavittoria',
    name: 'Ospedale Maria Vittoria – Ostetricia e Ginecologia',
    kind: 'hospital',
    area: 'TO',
    address: 'Via Luigi Cibrario 72, 10144 Torino',
    contactEmail: 'ostetricia.mariavittoria@asl-to.example.it',
    phone: '+39 011 000 2072',
  },
  {
    key: 'to-molinette',
    name: 'AOU Città della Salute – Ospedale Molinette, Pronto Soccorso',
    kind: 'hospital',
    area: 'TO',
    address: 'Corso Bramante 88, 10126 Torino',
    contactEmail: 'ps.molinette@cittadellasalute.example.it',
  },
  {
    key: 'to-reginamargherita',
    name: 'Ospedale Infantile Regina Margherita – Pediatria',
    kind: 'hospital',
    area: 'TO',
    address: 'Piazza Polonia 94, 10126 Torino',
    contactEmail: 'pediatria.oirm@cittadellasalute.example.it',
  },
  {
    key: 'to-rivoli',
    name: 'Ospedale degli Infermi di Rivoli – Pronto Soccorso',
    kind: 'hospital',
    area: 'TO',
    address: 'Strada Rivalta 29, 10098 Rivoli (TO)',
    contactEmail: 'ps.rivoli@asl-to3.example.it',
  },
  {
    key: 'to-ivrea',
    name: 'ASL TO4 – Consultorio di Ivrea',
    kind: 'health',
    area: 'TO',
    address: 'Via Aldisio 2, 10015 Ivrea (TO)',
    contactEmail: 'consultorio.ivrea@asl-to4.example.it',
  },
  {
    key: 'to-comune',
    name: 'Comune di Torino – Ufficio Stranieri',
    kind: 'municipality',
    area: 'TO',
    address: 'Via Bologna 51, 10152 Torino',
    contactEmail: 'ufficio.stranieri@comune-torino.example.it',
    phone: '+39 011 000 5151',
  },
  {
    key: 'to-cpi',
    name: "Centro per l'Impiego di Torino",
    kind: 'job_centre',
    area: 'TO',
    address: 'Via Castelgomberto 75, 10137 Torino',
    contactEmail: 'cpi.torino@lavoro-piemonte.example.it',
  },
  {
    key: 'to-ic2',
    name: 'IC Torino II – Segreteria',
    kind: 'school',
    area: 'TO',
    address: 'Via Antonio Cecchi 16, 10152 Torino',
    contactEmail: 'segreteria@ic-torino2.example.it',
  },
  {
    key: 'to-casa',
    name: 'Sportello Casa Sistema Abitare – Torino',
    kind: 'housing',
    area: 'TO',
    address: "Via Corte d'Appello 10, 10122 Torino",
    contactEmail: 'torino@sistema-abitare.example.it',
  },
  {
    key: 'to-sociali6',
    name: 'Città di Torino – Servizi Sociali Circoscrizione 6',
    kind: 'social',
    area: 'TO',
    address: 'Via Ruggero Leoncavallo 17, 10154 Torino',
    contactEmail: 'servizisociali.circ6@comune-torino.example.it',
  },
  // Cuneo
  {
    key: 'cn-cpi',
    name: "Centro per l'Impiego di Cuneo",
    kind: 'job_centre',
    area: 'CN',
    address: 'Via Fratelli Vaschetto 3, 12100 Cuneo',
    contactEmail: 'cpi.cuneo@lavoro-piemonte.example.it',
  },
  {
    key: 'cn-saluzzo',
    name: 'ASL CN1 – Consultorio di Saluzzo',
    kind: 'health',
    area: 'CN',
    address: 'Via Spielberg 58, 12037 Saluzzo (CN)',
    contactEmail: 'consultorio.saluzzo@aslcn1.example.it',
  },
  {
    key: 'cn-santacroce',
    name: 'AO S. Croce e Carle – Cuneo, Ostetricia',
    kind: 'hospital',
    area: 'CN',
    address: 'Via Michele Coppino 26, 12100 Cuneo',
    contactEmail: 'ostetricia@ospedale-cuneo.example.it',
  },
  {
    key: 'cn-alba',
    name: 'IC Alba Centro – Segreteria',
    kind: 'school',
    area: 'CN',
    address: 'Corso Piave 2, 12051 Alba (CN)',
    contactEmail: 'segreteria@ic-albacentro.example.it',
  },
  {
    key: 'cn-sociale',
    name: 'Consorzio Socio-Assistenziale del Cuneese – Sportello Sociale',
    kind: 'social',
    area: 'CN',
    address: "Via Rocca de' Baldi 7, 12100 Cuneo",
    contactEmail: 'sportello@csac-cuneo.example.it',
  },
  // Alessandria
  {
    key: 'al-consultorio',
    name: 'ASL AL – Consultorio di Alessandria',
    kind: 'health',
    area: 'AL',
    address: 'Via Pacinotti 38, 15121 Alessandria',
    contactEmail: 'consultorio.alessandria@asl-al.example.it',
  },
  {
    key: 'al-pediatria',
    name: 'Ospedale SS. Antonio e Biagio – Alessandria, Pediatria',
    kind: 'hospital',
    area: 'AL',
    address: 'Via Venezia 16, 15121 Alessandria',
    contactEmail: 'pediatria@ospedale-al.example.it',
  },
  {
    key: 'al-casale',
    name: 'Comune di Casale Monferrato – Sportello Immigrati',
    kind: 'municipality',
    area: 'AL',
    address: 'Via Mameli 10, 15033 Casale Monferrato (AL)',
    contactEmail: 'sportello.immigrati@comune-casale.example.it',
  },
  {
    key: 'al-casa',
    name: 'Sportello Casa Sistema Abitare – Alessandria',
    kind: 'housing',
    area: 'AL',
    address: 'Piazza della Libertà 1, 15121 Alessandria',
    contactEmail: 'alessandria@sistema-abitare.example.it',
  },
  // Asti
  {
    key: 'at-comune',
    name: 'Comune di Asti – Sportello Stranieri',
    kind: 'municipality',
    area: 'AT',
    address: 'Piazza San Secondo 1, 14100 Asti',
    contactEmail: 'sportello.stranieri@comune-asti.example.it',
    phone: '+39 0141 000 101',
  },
  {
    key: 'at-massaia',
    name: 'Ospedale Cardinal Massaia – Asti, Ostetricia',
    kind: 'hospital',
    area: 'AT',
    address: 'Corso Dante Alighieri 202, 14100 Asti',
    contactEmail: 'ostetricia@asl-at.example.it',
  },
  {
    key: 'at-cpi',
    name: "Centro per l'Impiego di Asti",
    kind: 'job_centre',
    area: 'AT',
    address: 'Corso Alessandria 14, 14100 Asti',
    contactEmail: 'cpi.asti@lavoro-piemonte.example.it',
  },
  // Novara
  {
    key: 'no-ps',
    name: 'Ospedale Maggiore della Carità – Novara, Pronto Soccorso',
    kind: 'hospital',
    area: 'NO',
    address: 'Corso Mazzini 18, 28100 Novara',
    contactEmail: 'ps@maggioreosp-novara.example.it',
    phone: '+39 0321 000 118',
  },
  {
    key: 'no-consultorio',
    name: 'ASL NO – Consultorio di Novara',
    kind: 'health',
    area: 'NO',
    address: 'Viale Roma 7, 28100 Novara',
    contactEmail: 'consultorio.novara@asl-no.example.it',
  },
  {
    key: 'no-sociali',
    name: 'Comune di Novara – Servizi Sociali, Sportello Immigrazione',
    kind: 'social',
    area: 'NO',
    address: 'Via Gaudenzio Ferrari 13, 28100 Novara',
    contactEmail: 'immigrazione@comune-novara.example.it',
  },
  // Vercelli
  {
    key: 'vc-consultorio',
    name: 'ASL VC – Consultorio di Vercelli',
    kind: 'health',
    area: 'VC',
    address: 'Largo Giusti 13, 13100 Vercelli',
    contactEmail: 'consultorio.vercelli@asl-vc.example.it',
  },
  {
    key: 'vc-comune',
    name: 'Comune di Vercelli – Sportello Stranieri',
    kind: 'municipality',
    area: 'VC',
    address: 'Piazza Municipio 5, 13100 Vercelli',
    contactEmail: 'sportello.stranieri@comune-vercelli.example.it',
  },
  // Biella
  {
    key: 'bi-casa',
    name: 'Agenzia Sociale per la Casa – Biella',
    kind: 'housing',
    area: 'BI',
    address: 'Via Italia 10, 13900 Biella',
    contactEmail: 'biella@sistema-abitare.example.it',
  },
  {
    key: 'bi-ospedale',
    name: 'Ospedale degli Infermi – Biella, Medicina d’Urgenza',
    kind: 'hospital',
    area: 'BI',
    address: 'Via dei Ponderanesi 2, 13875 Ponderano (BI)',
    contactEmail: 'urgenza@aslbi.example.it',
  },
  // Verbano-Cusio-Ossola
  {
    key: 'vb-castelli',
    name: 'Ospedale Castelli – Verbania, Ostetricia',
    kind: 'hospital',
    area: 'VB',
    address: 'Via Fiume 18, 28922 Verbania',
    contactEmail: 'ostetricia.verbania@asl-vco.example.it',
  },
  {
    key: 'vb-domodossola',
    name: 'ASL VCO – Consultorio di Domodossola',
    kind: 'health',
    area: 'VB',
    address: 'Via Scapaccino 47, 28845 Domodossola (VB)',
    contactEmail: 'consultorio.domodossola@asl-vco.example.it',
  },
  {
    key: 'vb-cpi',
    name: "Centro per l'Impiego di Verbania",
    kind: 'job_centre',
    area: 'VB',
    address: 'Via Rosmini 24, 28921 Verbania',
    contactEmail: 'cpi.verbania@lavoro-piemonte.example.it',
  },
];

// ---------------------------------------------------------------------------------------------
// Weekly availability patterns (wall clock, Europe/Rome; weekday 1 = Monday)
// ---------------------------------------------------------------------------------------------

export interface WeeklyRule {
  weekday: number;
  start: string;
  end: string;
}

const days = (weekdays: number[], start: string, end: string): WeeklyRule[] => weekdays.map((weekday) => ({ weekday, start, end }));
const MON_FRI = [1, 2, 3, 4, 5];

export const AVAILABILITY_PATTERNS = {
  /** Mornings, Monday to Friday. */
  mornings: days(MON_FRI, '08:30', '13:00'),
  /** Afternoons, Monday to Friday. */
  afternoons: days(MON_FRI, '13:30', '18:30'),
  /** Office hours, Monday to Friday. */
  fullweek: days(MON_FRI, '09:00', '17:30'),
  /** Morning and afternoon with a lunch break. */
  split: [...days(MON_FRI, '09:00', '12:30'), ...days(MON_FRI, '14:00', '17:30')],
  /** Tuesday–Friday late afternoons and Saturday mornings (works elsewhere in the mornings). */
  saturday: [...days([2, 3, 4, 5], '14:00', '19:00'), ...days([6], '08:30', '13:00')],
  /** Tuesday and Thursday all day, Saturday morning. */
  tuth: [...days([2, 4], '08:30', '17:30'), ...days([6], '09:00', '12:30')],
  /** Monday, Wednesday, Friday. */
  mwf: days([1, 3, 5], '08:00', '16:00'),
  /** Late shifts for emergency departments, and Sunday mornings. */
  late: [...days(MON_FRI, '15:00', '21:00'), ...days([7], '09:00', '13:00')],
} satisfies Record<string, WeeklyRule[]>;

export type AvailabilityPattern = keyof typeof AVAILABILITY_PATTERNS;

// ---------------------------------------------------------------------------------------------
// Mediators
// ---------------------------------------------------------------------------------------------

export interface DemoMediator {
  key: string;
  name: string;
  gender: Gender;
  languages: { code: string; level: Level }[];
  /** The first is the home area. */
  areas: Province[];
  sectors: Sector[];
  modalities: Modality[];
  pattern: AvailabilityPattern;
  maxWeeklyMinutes: number;
  /** Cooperative or association e-mail domain. */
  domain: string;
  locale: 'it' | 'en';
}

const ALL_MODALITIES: Modality[] = ['in_person', 'phone', 'video'];

/**
 * Compact constructor: languages as "ar-MA:native fr:C1 it:C1", areas and sectors space-separated,
 * modalities as a subset of "in_person phone video" (default: all three).
 */
function m(
  key: string,
  name: string,
  gender: 'F' | 'M',
  languages: string,
  areas: string,
  sectors: string,
  pattern: AvailabilityPattern,
  hours: number,
  domain: string,
  options: { modalities?: string; locale?: 'it' | 'en' } = {},
): DemoMediator {
  return {
    key,
    name,
    gender: gender === 'F' ? 'female' : 'male',
    languages: languages.split(' ').map((pair) => {
      const [code = '', level = ''] = pair.split(':');
      return { code, level: level as Level };
    }),
    areas: areas.split(' ') as Province[],
    sectors: sectors.split(' ') as Sector[],
    modalities: options.modalities ? (options.modalities.split(' ') as Modality[]) : ALL_MODALITIES,
    pattern,
    maxWeeklyMinutes: hours * 60,
    domain,
    locale: options.locale ?? 'it',
  };
}

const TO_A = 'coop-crocevia.example.it';
const TO_B = 'mediazione-torino.example.org';
const CN = 'coop-intrecci.example.it';
const AL = 'mediatori-alessandria.example.it';
const AT = 'coop-astinsieme.example.it';
const NOVC = 'coop-incontri.example.it';
const BI = 'mediazione-biella.example.org';
const VB = 'coop-lago.example.it';
const LIS = 'interpreti-lis.example.it';

export const DEMO_MEDIATORS: readonly DemoMediator[] = [
  // Torino: the largest pool.
  m('fatima-zahra', 'Fatima Zahra El Idrissi', 'F', 'ar-MA:native ar:C2 fr:C1 it:C1', 'TO', 'health social', 'split', 30, TO_A),
  m('youssef', 'Youssef Benali', 'M', 'ar-MA:native fr:C2 it:C1', 'TO AT', 'social legal employment', 'fullweek', 35, TO_A),
  m('samira', 'Samira Ouazzani', 'F', 'ar-MA:native ar:native fr:C1 it:C1', 'TO', 'health school', 'mornings', 25, TO_B),
  m('ahmed', 'Ahmed Mostafa Hassan', 'M', 'ar:native en:B2 it:C1', 'TO', 'health legal', 'afternoons', 30, TO_B),
  m('amira', 'Amira Ben Salah', 'F', 'ar:native fr:C2 it:native', 'TO', 'health social school', 'fullweek', 40, TO_A),
  m('hassan', 'Hassan El Amrani', 'M', 'ar-MA:native fr:C1 es:B2 it:C1', 'TO CN', 'health employment', 'tuth', 30, TO_B),
  m('ioana', 'Ioana Popescu', 'F', 'ro:native it:C2 fr:B2', 'TO', 'health social', 'mornings', 30, TO_A),
  m('mihai', 'Mihai Ionescu', 'M', 'ro:native it:C1 en:B2', 'TO', 'employment legal housing', 'saturday', 30, TO_B),
  m('elena', 'Elena Moldovan', 'F', 'ro:native ru:C1 it:C1', 'TO', 'health school', 'split', 25, TO_A),
  m('arben', 'Arben Hoxha', 'M', 'sq:native it:C1 en:B1', 'TO', 'employment legal', 'afternoons', 25, TO_B),
  m('elira', 'Elira Kola', 'F', 'sq:native it:native', 'TO', 'health school social', 'mornings', 30, TO_A),
  m('xiaoling', 'Hu Xiaoling', 'F', 'zh:native it:C1 en:B2', 'TO', 'health school legal', 'fullweek', 30, TO_A),
  m('jian', 'Chen Jian', 'M', 'zh:native it:C1', 'TO', 'employment legal', 'afternoons', 25, TO_B),
  m('mei', 'Zhou Mei', 'F', 'zh:native it:native en:C1', 'TO', 'school social', 'split', 20, TO_B),
  m('imran-khan', 'Muhammad Imran Khan', 'M', 'ur:native pa:C1 en:C1 it:C1', 'TO', 'health legal employment', 'fullweek', 35, TO_A),
  m('ayesha', 'Ayesha Siddiqui', 'F', 'ur:native en:C2 it:B2', 'TO', 'health school', 'mornings', 20, TO_B, { modalities: 'phone video' }),
  m('rahima', 'Rahima Akter', 'F', 'bn:native en:B2 it:C1', 'TO', 'health social', 'mornings', 25, TO_A),
  m('rafiqul', 'Mohammad Rafiqul Islam', 'M', 'bn:native en:C1 it:C1', 'TO', 'employment housing school', 'afternoons', 30, TO_B),
  m('rosa', 'Rosa Quispe Mamani', 'F', 'es:native it:C2', 'TO', 'health social school', 'fullweek', 35, TO_A),
  m('carlos', 'Carlos Alberto Huamán', 'M', 'es:native en:B2 it:C1', 'TO', 'legal employment', 'saturday', 25, TO_B),
  m('blessing', 'Blessing Okafor', 'F', 'en:native pcm:native it:C1', 'TO', 'health social', 'split', 30, TO_A),
  m('chinedu', 'Chinedu Eze', 'M', 'pcm:native en:C2 it:B2', 'TO', 'legal housing social', 'afternoons', 25, TO_B),
  m('grace', 'Grace Adjei', 'F', 'en:native fr:B2 it:C1', 'TO', 'health school', 'mornings', 20, TO_B, { locale: 'en' }),
  m('aicha', 'Aïcha Traoré', 'F', 'fr:native en:B2 it:C1', 'TO', 'health school', 'mornings', 25, TO_A),
  m('moussa', 'Moussa Diop', 'M', 'wo:native fr:C2 it:C1', 'TO', 'employment social legal', 'fullweek', 30, TO_A),
  m('awa', 'Awa Ndiaye', 'F', 'wo:native fr:C1 it:C1', 'TO', 'health school', 'mornings', 25, TO_B),
  m('yonas', 'Yonas Tesfamariam', 'M', 'ti:native ar:B2 en:C1 it:C1', 'TO', 'legal health social', 'fullweek', 30, TO_A),
  m('saba', 'Saba Ghebremedhin', 'F', 'ti:native it:C2 en:B2', 'TO', 'health social', 'split', 25, TO_B),
  m('amanuel', 'Amanuel Berhane', 'M', 'ti:native am:C1 en:C2 it:C1', 'TO', 'legal social health', 'fullweek', 20, TO_B, {
    modalities: 'phone video',
    locale: 'en',
  }),
  m('oksana', 'Oksana Kovalenko', 'F', 'uk:native ru:native it:C1', 'TO', 'health social school', 'fullweek', 35, TO_A),
  m('natalia', 'Natalia Smirnova', 'F', 'ru:native uk:C1 it:C1 en:B2', 'TO', 'legal health', 'afternoons', 20, TO_B),
  m('giulia', 'Giulia Ferrero', 'F', 'it:native ise:C2', 'TO', 'health school social', 'split', 30, LIS),
  m('marco', 'Marco Bonetto', 'M', 'it:native ise:native en:B2', 'TO AT', 'health legal', 'saturday', 25, LIS),
  m('tarek', 'Tarek Haddad', 'M', 'ar:native fr:C1 en:C1 it:C1', 'TO', 'health', 'late', 24, TO_A),
  // Cuneo: agriculture (Saluzzo), Alba, the city.
  m('khadija', 'Khadija Boukhari', 'F', 'ar-MA:native fr:C1 it:C1', 'CN', 'health social', 'mornings', 30, CN),
  m('abdelkader', 'Abdelkader Tahiri', 'M', 'ar-MA:native ar:native it:C1', 'CN AT', 'employment legal', 'afternoons', 25, CN),
  m('gurpreet', 'Gurpreet Kaur', 'F', 'pa:native en:C1 it:C1', 'CN', 'health school employment', 'split', 25, CN),
  m('harjit', 'Harjit Singh', 'M', 'pa:native ur:B2 en:C1 it:B2', 'CN', 'employment health', 'saturday', 30, CN, { modalities: 'in_person phone' }),
  m('andreea', 'Andreea Munteanu', 'F', 'ro:native it:C1', 'CN', 'health social', 'fullweek', 30, CN),
  m('besnik', 'Besnik Gashi', 'M', 'sq:native it:C1', 'CN', 'employment school', 'tuth', 20, CN, { modalities: 'in_person' }),
  m('drita', 'Drita Mema', 'F', 'sq:native it:C1 en:B1', 'CN', 'health social', 'mornings', 20, CN),
  m('mamadou', 'Mamadou Sow', 'M', 'fr:native wo:C1 en:B2 it:C1', 'CN', 'employment legal', 'afternoons', 25, CN),
  m('bright', 'Bright Osagie', 'M', 'en:native pcm:native it:B2', 'CN', 'social housing', 'afternoons', 20, CN),
  m('chiara', 'Chiara Giordano', 'F', 'it:native ise:C1', 'CN', 'health school', 'mornings', 15, LIS),
  m('olena', 'Olena Shevchenko', 'F', 'uk:native ru:C2 it:C1', 'CN', 'health social', 'split', 25, CN),
  // Alessandria
  m('nadia', 'Nadia Lahlou', 'F', 'ar-MA:native fr:C2 it:C1', 'AL', 'health school', 'split', 30, AL),
  m('trabelsi', 'Mohamed Ali Trabelsi', 'M', 'ar:native fr:C1 it:C1', 'AL AT', 'social legal housing', 'fullweek', 35, AL),
  m('cristina', 'Cristina Dumitrescu', 'F', 'ro:native it:C1 es:B2', 'AL', 'health social', 'mornings', 25, AL),
  m('luan', 'Luan Berisha', 'M', 'sq:native it:C1', 'AL', 'employment legal', 'afternoons', 25, AL),
  m('marisol', 'Marisol Vega Paredes', 'F', 'es:native it:C1', 'AL', 'health school', 'tuth', 20, AL),
  m('shahidul', 'Md. Shahidul Alam', 'M', 'bn:native en:C1 it:B2', 'AL', 'employment health', 'fullweek', 30, AL),
  m('ngozi', 'Ngozi Chukwu', 'F', 'en:native pcm:native it:C1', 'AL', 'health social', 'mornings', 25, AL),
  m('yuliia', 'Yuliia Bondarenko', 'F', 'uk:native ru:C1 it:B2', 'AL', 'health', 'afternoons', 20, AL),
  m('zhang', 'Zhang Lei', 'M', 'zh:native it:C1', 'AL', 'employment school', 'mwf', 20, AL),
  // Asti
  m('loredana', 'Loredana Stan', 'F', 'ro:native it:C2', 'AT', 'health school social', 'fullweek', 35, AT),
  m('adrian', 'Adrian Rusu', 'M', 'ro:native it:C1 ru:B2', 'AT', 'employment legal', 'afternoons', 25, AT),
  m('ermira', 'Ermira Dervishi', 'F', 'sq:native it:native', 'AT', 'health school', 'mornings', 30, AT),
  m('rachid', 'Rachid Amrani', 'M', 'ar-MA:native fr:C1 it:C1', 'AT', 'health social legal', 'split', 30, AT),
  m('jeton', 'Jeton Krasniqi', 'M', 'sq:native mk:C1 it:C1', 'AT CN', 'employment school', 'saturday', 20, AT),
  m('fatou', 'Fatou Sarr', 'F', 'wo:native fr:C2 it:B2', 'AT', 'health social', 'tuth', 20, AT),
  m('kateryna', 'Kateryna Melnyk', 'F', 'uk:native ru:native it:C1', 'AT', 'health social', 'mornings', 20, AT),
  // Novara
  m('imran-aslam', 'Imran Aslam', 'M', 'ur:native pa:native en:C1 it:C1', 'NO', 'employment legal health', 'fullweek', 35, NOVC),
  m('sana', 'Sana Javed', 'F', 'ur:native en:C1 it:C1', 'NO', 'health school', 'mornings', 25, NOVC),
  m('hicham', 'Hicham Bouzid', 'M', 'ar-MA:native fr:C1 it:C1', 'NO VC', 'social legal employment', 'split', 30, NOVC),
  m('souad', 'Souad El Khatib', 'F', 'ar:native fr:C1 en:B2 it:C1', 'NO', 'health school', 'mornings', 30, NOVC),
  m('simona', 'Simona Radu', 'F', 'ro:native it:C1', 'NO', 'health social', 'afternoons', 25, NOVC),
  m('cheikh', 'Cheikh Fall', 'M', 'wo:native fr:C2 it:C1', 'NO', 'employment', 'saturday', 25, NOVC),
  m('oluwaseun', 'Oluwaseun Adeyemi', 'M', 'en:native pcm:C2 it:B2', 'NO VC', 'social housing', 'afternoons', 20, NOVC),
  m('semhar', 'Semhar Tekle', 'F', 'ti:native ar:B2 it:C1', 'NO', 'health social', 'mwf', 20, NOVC),
  m('paola', 'Paola Zanetti', 'F', 'it:native ise:C2', 'NO VC', 'health school', 'tuth', 20, LIS),
  // Vercelli: rice fields (Punjabi community), few mediators.
  m('jaswinder', 'Jaswinder Kaur', 'F', 'pa:native hi:C1 en:B2 it:C1', 'VC', 'health school', 'mornings', 20, NOVC),
  m('balwinder', 'Balwinder Singh', 'M', 'pa:native en:B2 it:B2', 'VC NO', 'employment', 'saturday', 25, NOVC),
  m('laila', 'Laila Rami', 'F', 'ar-MA:native fr:B2 it:C1', 'VC', 'health social', 'split', 25, NOVC),
  m('gabriela', 'Gabriela Lupu', 'F', 'ro:native it:C1', 'VC BI', 'health school social', 'fullweek', 30, NOVC),
  m('arjola', 'Arjola Shehu', 'F', 'sq:native it:C1', 'VC', 'social', 'afternoons', 15, NOVC, { modalities: 'in_person' }),
  // Biella
  m('karim', 'Karim Mansouri', 'M', 'ar-MA:native fr:C1 it:C1', 'BI', 'social housing legal', 'fullweek', 30, BI),
  m('mariana', 'Mariana Ciobanu', 'F', 'ro:native ru:B2 it:C1', 'BI', 'health social', 'mornings', 25, BI),
  m('wangfang', 'Wang Fang', 'F', 'zh:native it:C1', 'BI', 'school employment', 'tuth', 15, BI),
  m('ousmane', 'Ousmane Ba', 'M', 'wo:native fr:C1 it:B2', 'BI', 'employment housing', 'afternoons', 20, BI),
  m('svitlana', 'Svitlana Hrytsenko', 'F', 'uk:native ru:C2 it:B2', 'BI VC', 'health', 'split', 20, BI),
  // Verbano-Cusio-Ossola: the thinnest coverage (no Tigrinya, Urdu, Bangla or LIS locally).
  m('zineb', 'Zineb Chraibi', 'F', 'ar-MA:native fr:C1 it:C1', 'VB', 'health social school', 'split', 25, VB),
  m('iryna', 'Iryna Tkachenko', 'F', 'uk:native ru:native it:C1', 'VB', 'health social', 'mornings', 25, VB),
  m('denisa', 'Denisa Marin', 'F', 'ro:native it:C1', 'VB NO', 'health social employment', 'fullweek', 30, VB),
  m('ilir', 'Ilir Cela', 'M', 'sq:native it:C1', 'VB', 'employment', 'afternoons', 15, VB),
];

// ---------------------------------------------------------------------------------------------
// Time off, exclusions, users, appointments (dates: week 1 = the Monday after the seed runs)
// ---------------------------------------------------------------------------------------------

/** A day in the demo calendar: week 1 is next week; weekday 1 = Monday. */
export interface DemoDay {
  week: number;
  weekday: number;
}

export interface DemoTimeOff {
  mediator: string;
  from: DemoDay & { time?: string };
  /** Inclusive last day (ends at `time`, or at midnight after that day). */
  to: DemoDay & { time?: string };
  reason: string;
}

export const DEMO_TIME_OFF: readonly DemoTimeOff[] = [
  { mediator: 'fatima-zahra', from: { week: 3, weekday: 1 }, to: { week: 3, weekday: 5 }, reason: 'Ferie' },
  { mediator: 'ioana', from: { week: 1, weekday: 3 }, to: { week: 1, weekday: 3 }, reason: 'Visita medica' },
  { mediator: 'moussa', from: { week: 3, weekday: 1 }, to: { week: 4, weekday: 7 }, reason: 'Rientro in Senegal per motivi familiari' },
  {
    mediator: 'oksana',
    from: { week: 1, weekday: 4, time: '13:00' },
    to: { week: 1, weekday: 4, time: '18:00' },
    reason: 'Formazione regionale mediatori',
  },
  { mediator: 'imran-aslam', from: { week: 2, weekday: 5 }, to: { week: 2, weekday: 5 }, reason: 'Permesso' },
  { mediator: 'nadia', from: { week: 1, weekday: 1 }, to: { week: 1, weekday: 2 }, reason: 'Malattia' },
  { mediator: 'karim', from: { week: 2, weekday: 1 }, to: { week: 2, weekday: 5 }, reason: 'Ferie' },
  { mediator: 'gurpreet', from: { week: 1, weekday: 1 }, to: { week: 1, weekday: 1 }, reason: 'Corso di aggiornamento' },
];

export interface DemoExclusion {
  service: string;
  mediator: string;
  beneficiaryRef?: string;
  reason: string;
}

export const DEMO_EXCLUSIONS: readonly DemoExclusion[] = [
  { service: 'at-comune', mediator: 'jeton', reason: "Conflitto d'interessi: familiare impiegato presso lo sportello" },
  {
    service: 'to-consultorio',
    mediator: 'samira',
    beneficiaryRef: 'TO-CF-2026-0117',
    reason: 'Conoscenza personale con il nucleo familiare (comunità ristretta)',
  },
  { service: 'vc-comune', mediator: 'arjola', beneficiaryRef: 'VC-SS-0042', reason: 'Rapporto di parentela con il beneficiario' },
  { service: 'no-ps', mediator: 'cheikh', reason: 'Segnalazione in verifica da parte del coordinamento' },
];

/** Mediators who get their own login (to see their schedule, keep availability current). */
export const DEMO_MEDIATOR_USERS: readonly string[] = ['fatima-zahra', 'yonas', 'ioana', 'imran-aslam', 'oksana'];

export interface DemoAppointment {
  key: string;
  service: string;
  day: DemoDay;
  time: string;
  durationMinutes: number;
  language: string;
  sector: Sector;
  modality?: Modality;
  area?: Province;
  genderPreference?: 'none' | 'preferred' | 'required';
  gender?: Gender;
  beneficiaryRef?: string;
  location?: string;
  notes?: string;
  urgency?: 'standard' | 'urgent';
  minLevel?: Level;
  assignment: 'auto' | 'manual';
  /** Manual requests: the desk then picks this mediator from the candidates. */
  pick?: string;
  /** What the seed expects to happen (checked and reported). */
  expect: 'booked' | 'open' | 'unfilled';
}

export const DEMO_APPOINTMENTS: readonly DemoAppointment[] = [
  {
    key: 'consultorio-ar-ma',
    service: 'to-consultorio',
    day: { week: 1, weekday: 2 },
    time: '10:00',
    durationMinutes: 60,
    language: 'ar-MA',
    sector: 'health',
    genderPreference: 'required',
    gender: 'female',
    beneficiaryRef: 'TO-CF-2026-0117',
    location: 'Ambulatorio 3, primo piano',
    notes: 'Primo colloquio percorso nascita.',
    assignment: 'auto',
    expect: 'booked',
  },
  {
    key: 'consultorio-followup',
    service: 'to-consultorio',
    day: { week: 2, weekday: 4 },
    time: '09:30',
    durationMinutes: 60,
    language: 'ar-MA',
    sector: 'health',
    beneficiaryRef: 'TO-CF-2026-0121',
    assignment: 'manual',
    pick: 'fatima-zahra',
    expect: 'booked',
  },
  {
    key: 'mariavittoria-ur-female',
    service: 'to-mariavittoria',
    day: { week: 1, weekday: 3 },
    time: '09:30',
    durationMinutes: 90,
    language: 'ur',
    sector: 'health',
    genderPreference: 'required',
    gender: 'female',
    beneficiaryRef: 'MV-OST-0388',
    notes: 'Visita ostetrica: richiesta mediatrice donna in presenza.',
    assignment: 'auto',
    expect: 'unfilled',
  },
  {
    key: 'verbania-ti',
    service: 'vb-castelli',
    day: { week: 1, weekday: 3 },
    time: '11:00',
    durationMinutes: 60,
    language: 'ti',
    sector: 'health',
    beneficiaryRef: 'VB-OST-0057',
    location: 'Reparto Ostetricia, 2° piano',
    assignment: 'auto',
    expect: 'unfilled',
  },
  {
    key: 'biella-casa-ar-ma',
    service: 'bi-casa',
    day: { week: 2, weekday: 3 },
    time: '10:00',
    durationMinutes: 60,
    language: 'ar-MA',
    sector: 'housing',
    beneficiaryRef: 'BI-CASA-0213',
    notes: 'Firma contratto di locazione agevolata.',
    assignment: 'auto',
    expect: 'unfilled',
  },
  {
    key: 'molinette-ti-video',
    service: 'to-molinette',
    day: { week: 1, weekday: 2 },
    time: '16:00',
    durationMinutes: 45,
    language: 'ti',
    sector: 'health',
    modality: 'video',
    urgency: 'urgent',
    assignment: 'auto',
    expect: 'booked',
  },
  {
    key: 'isi-ar',
    service: 'to-isi',
    day: { week: 1, weekday: 4 },
    time: '11:00',
    durationMinutes: 60,
    language: 'ar',
    sector: 'health',
    beneficiaryRef: 'ISI-2026-1042',
    assignment: 'auto',
    expect: 'booked',
  },
  {
    key: 'comune-to-zh',
    service: 'to-comune',
    day: { week: 1, weekday: 5 },
    time: '10:00',
    durationMinutes: 60,
    language: 'zh',
    sector: 'legal',
    notes: 'Rinnovo permesso di soggiorno per motivi familiari.',
    assignment: 'auto',
    expect: 'booked',
  },
  {
    key: 'oirm-es',
    service: 'to-reginamargherita',
    day: { week: 1, weekday: 3 },
    time: '14:30',
    durationMinutes: 60,
    language: 'es',
    sector: 'health',
    beneficiaryRef: 'OIRM-PED-0771',
    assignment: 'auto',
    expect: 'booked',
  },
  {
    key: 'ic2-bn',
    service: 'to-ic2',
    day: { week: 2, weekday: 1 },
    time: '16:30',
    durationMinutes: 60,
    language: 'bn',
    sector: 'school',
    notes: 'Colloquio con la famiglia: iscrizione alla scuola secondaria.',
    assignment: 'manual',
    expect: 'open',
  },
  {
    key: 'asti-ro',
    service: 'at-comune',
    day: { week: 1, weekday: 1 },
    time: '09:30',
    durationMinutes: 45,
    language: 'ro',
    sector: 'legal',
    assignment: 'auto',
    expect: 'booked',
  },
  {
    key: 'alba-sq',
    service: 'cn-alba',
    day: { week: 1, weekday: 4 },
    time: '14:30',
    durationMinutes: 60,
    language: 'sq',
    sector: 'school',
    notes: 'Colloquio insegnanti–genitori, classe 2B.',
    assignment: 'manual',
    expect: 'open',
  },
  {
    key: 'cpi-cuneo-pa',
    service: 'cn-cpi',
    day: { week: 2, weekday: 2 },
    time: '10:00',
    durationMinutes: 60,
    language: 'pa',
    sector: 'employment',
    assignment: 'auto',
    expect: 'booked',
  },
  {
    key: 'novara-ps-ur',
    service: 'no-ps',
    day: { week: 1, weekday: 1 },
    time: '15:00',
    durationMinutes: 60,
    language: 'ur',
    sector: 'health',
    urgency: 'urgent',
    assignment: 'auto',
    expect: 'booked',
  },
  {
    key: 'novara-sociali-ro',
    service: 'no-sociali',
    day: { week: 2, weekday: 1 },
    time: '15:00',
    durationMinutes: 60,
    language: 'ro',
    sector: 'social',
    beneficiaryRef: 'NO-SS-1180',
    assignment: 'auto',
    expect: 'booked',
  },
  {
    key: 'vercelli-pa',
    service: 'vc-comune',
    day: { week: 1, weekday: 5 },
    time: '10:00',
    durationMinutes: 60,
    language: 'pa',
    sector: 'legal',
    assignment: 'auto',
    expect: 'booked',
  },
  {
    key: 'vercelli-ise',
    service: 'vc-consultorio',
    day: { week: 1, weekday: 4 },
    time: '10:00',
    durationMinutes: 60,
    language: 'ise',
    sector: 'health',
    minLevel: 'C1',
    assignment: 'auto',
    expect: 'booked',
  },
  {
    key: 'domodossola-uk',
    service: 'vb-domodossola',
    day: { week: 1, weekday: 2 },
    time: '09:00',
    durationMinutes: 60,
    language: 'uk',
    sector: 'health',
    assignment: 'auto',
    expect: 'booked',
  },
  {
    key: 'alessandria-pcm',
    service: 'al-pediatria',
    day: { week: 2, weekday: 5 },
    time: '10:30',
    durationMinutes: 60,
    language: 'pcm',
    sector: 'health',
    assignment: 'manual',
    expect: 'open',
  },
];

/** Services whose desk tokens the guide prints (with what to try). */
export const GUIDE_DESKS = ['to-consultorio', 'cn-alba', 'vb-castelli'] as const;
/** The mediator whose token the guide prints. */
export const GUIDE_MEDIATOR = 'fatima-zahra';
