import { PROVINCE_CODES } from './region-codes';

export type CreditCodeFailure = 'LENGTH' | 'FORMAT' | 'CHECKSUM' | 'AUTHORITY' | 'INSTITUTION_TYPE' | 'REGION';

export type CreditCodeResult =
  | {
      ok: true;
      /** Upper-case, trimmed: the form to store and fingerprint. */
      value: string;
      /** 登记管理部门代码 (position 1) and its name. */
      authorityCode: string;
      authorityName: string;
      /** 机构类别代码 (position 2) and its name. */
      institutionTypeCode: string;
      institutionTypeName: string;
      /** 登记管理机关行政区划码 (positions 3–8). */
      regionCode: string;
    }
  | { ok: false; reason: CreditCodeFailure };

/** GB 32100-2015 code characters; I, O, S, V and Z are left out to avoid misreading. */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

interface Authority {
  name: string;
  types: Readonly<Record<string, string>>;
}

/**
 * 登记管理部门 and their 机构类别: the four of GB 32100-2015 (1, 5, 9, Y) and those the national
 * standardisation administration assigned afterwards. Codes from all of them are in circulation
 * (律师事务所 31…, 基层工会 81…, 村集体经济组织 N2…), so the later ones must validate too.
 */
const AUTHORITIES: Readonly<Record<string, Authority>> = {
  '1': { name: '机构编制', types: { '1': '机关', '2': '事业单位', '3': '中央编办直接管理机构编制的群众团体', '9': '其他' } },
  '2': { name: '外交', types: { '1': '外国常驻新闻机构', '9': '其他' } },
  '3': {
    name: '司法行政',
    types: { '1': '律师执业机构', '2': '公证处', '3': '基层法律服务所', '4': '司法鉴定机构', '5': '仲裁委员会', '9': '其他' },
  },
  '4': { name: '文化', types: { '1': '外国在华文化中心', '9': '其他' } },
  '5': { name: '民政', types: { '1': '社会团体', '2': '民办非企业单位', '3': '基金会', '9': '其他' } },
  '6': {
    name: '旅游',
    types: { '1': '外国旅游部门常驻代表机构', '2': '港澳台地区旅游部门常驻内地（大陆）代表机构', '9': '其他' },
  },
  '7': { name: '宗教', types: { '1': '宗教活动场所', '2': '宗教院校', '9': '其他' } },
  '8': { name: '工会', types: { '1': '基层工会', '9': '其他' } },
  '9': { name: '工商', types: { '1': '企业', '2': '个体工商户', '3': '农民专业合作社' } },
  A: { name: '中央军委改革和编制办公室', types: { '1': '军队事业单位', '9': '其他' } },
  N: { name: '农业', types: { '1': '组级集体经济组织', '2': '村级集体经济组织', '3': '乡镇级集体经济组织', '9': '其他' } },
  Y: { name: '其他', types: { '1': '其他' } },
};

/** Central bodies registered with a national authority carry the division code 100000. */
const REGION_PREFIXES: ReadonlySet<string> = new Set([...PROVINCE_CODES, '10']);

/** The check character GB 32100-2015 assigns to a 17-character body. */
export function creditCodeCheckChar(body17: string): string {
  if (body17.length !== 17 || [...body17].some((c) => !CHARSET.includes(c))) {
    throw new RangeError('a credit code body is 17 characters of the GB 32100 charset');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(body17[i]) * WEIGHTS[i];
  return CHARSET[(31 - (sum % 31)) % 31];
}

/** Validates an 18-character 统一社会信用代码 (GB 32100-2015). */
export function validateCreditCode(input: string): CreditCodeResult {
  const value = input.trim().toUpperCase();
  if (value.length !== 18) return { ok: false, reason: 'LENGTH' };
  if ([...value].some((c) => !CHARSET.includes(c))) return { ok: false, reason: 'FORMAT' };

  const authority = Object.hasOwn(AUTHORITIES, value[0]) ? AUTHORITIES[value[0]] : undefined;
  if (!authority) return { ok: false, reason: 'AUTHORITY' };
  if (!Object.hasOwn(authority.types, value[1])) return { ok: false, reason: 'INSTITUTION_TYPE' };

  const regionCode = value.slice(2, 8);
  if (!/^\d{6}$/.test(regionCode) || !REGION_PREFIXES.has(regionCode.slice(0, 2))) {
    return { ok: false, reason: 'REGION' };
  }

  if (creditCodeCheckChar(value.slice(0, 17)) !== value[17]) return { ok: false, reason: 'CHECKSUM' };

  return {
    ok: true,
    value,
    authorityCode: value[0],
    authorityName: authority.name,
    institutionTypeCode: value[1],
    institutionTypeName: authority.types[value[1]],
    regionCode,
  };
}
