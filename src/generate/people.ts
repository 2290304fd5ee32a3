/**
 * Authors for varied issues, with names in Turkish, Azerbaijani, Spanish,
 * Vietnamese and Nordic spellings. Every letter here must be in the
 * classic template's faces (Latin and Latin Extended): Vietnamese letters
 * with two marks (ễ, ặ, ị...) are in a subset the template does not load,
 * so the Vietnamese names keep to those that are covered.
 */
import type { Language } from "../model/issue.js";
import type { Dice } from "./random.js";

interface Culture {
  given: string[];
  family: string[];
  /** Vietnamese names put the family name first. */
  familyFirst?: boolean;
  places: string[];
  /**
   * The names' language, given in the front matter half the time, as an
   * editor would who knows: capitals differ from English only for these.
   */
  lang?: Language;
}

const CULTURES: Culture[] = [
  {
    given: ["Ayşe", "Emre", "Gökçe", "İlker", "Şule", "Çağla", "Büşra", "Oğuz", "Ümit", "Görkem"],
    family: ["Yılmaz", "Öztürk", "Çelik", "Şahin", "Doğan", "Aydın", "Kılıç", "Güneş", "Erdoğdu", "Karataş"],
    places: ["İzmir", "Ankara", "Eskişehir", "Diyarbakır", "Çanakkale"],
    lang: "tr",
  },
  {
    given: ["Rəşad", "Günel", "Elşən", "Nərmin", "Ülvi", "Səbinə", "Tural", "Aytən", "Fəxri", "Şəhla"],
    family: ["Məmmədova", "Əliyev", "Hüseynova", "Qasımov", "Cəfərli", "Bağırova", "Abbaslı", "Rzayev", "Nəsibli", "Vəliyeva"],
    places: ["Baku", "Gəncə", "Şəki", "Lənkəran", "Sumqayıt"],
    lang: "az",
  },
  {
    given: ["María José", "Íñigo", "Begoña", "Raúl", "Lucía", "Joaquín", "Ángela", "Martín", "Nuria", "Sebastián"],
    family: ["Núñez", "Ibáñez", "Peña", "Muñoz", "Gutiérrez", "Álvarez", "Orellana", "Cáceres", "Fernández Ruiz", "de la Fuente"],
    places: ["Sevilla", "Cádiz", "Logroño", "Córdoba", "Valparaíso"],
  },
  {
    given: ["Văn Hùng", "Thanh Tâm", "Minh Châu", "Quang Vinh", "Thu Hà", "Hoàng Lân", "Kim Ngân", "Xuân Mai"],
    family: ["Trương", "Đoàn", "Phan", "Lương", "Võ", "Đinh", "Lâm", "Ưng", "Tôn", "Hà"],
    familyFirst: true,
    places: ["Hanoi", "Da Nang", "Hue", "Can Tho", "Hai Phong"],
  },
  {
    given: ["Åsa", "Øystein", "Sigríður", "Bjørn", "Ingeborg", "Þórunn", "Ragnhild", "Jónas", "Mikael", "Æsa"],
    family: ["Ødegård", "Åkesson", "Bjørnstad", "Sæther", "Þorsteinsdóttir", "Lindqvist", "Håkansson", "Jørgensen", "Guðmundsson", "Ekström"],
    places: ["Tromsø", "Århus", "Reykjavík", "Umeå", "Jyväskylä"],
  },
];

const UNITS = [
  "Department of Political Science", "Institute of International Law", "Centre for Water Governance",
  "School of Regional Studies", "Faculty of History", "Graduate Programme in Border Studies",
  "Research Unit on Maritime Affairs", "Observatory of Transboundary Rivers",
];
const BODIES = ["University", "State University", "Academy of Sciences", "Polytechnic", "Research Foundation"];

export interface Person {
  name: string;
  lang?: Language;
  note?: string;
}

export function person(dice: Dice, withNote = true): Person {
  const culture = dice.pick(CULTURES);
  const given = dice.pick(culture.given);
  const family = dice.pick(culture.family);
  const name = culture.familyFirst ? `${family} ${given}` : `${given} ${family}`;
  const lang = culture.lang && dice.chance(0.5) ? { lang: culture.lang } : {};
  if (!withNote) return { name, ...lang };
  const place = dice.pick(culture.places);
  const note = dice.chance(0.15)
    ? `Independent researcher, ${place}`
    : `${dice.pick(UNITS)}, ${place} ${dice.pick(BODIES)}, ${place}`;
  return { name, ...lang, note };
}

/** Author lists: mostly one or two, up to six; most have a note. */
export function authors(dice: Dice): Person[] {
  const count = dice.skewed(1, 6, 2.5);
  return Array.from({ length: count }, () => person(dice, dice.chance(0.85)));
}
