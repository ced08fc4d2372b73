/**
 * The demo hall 示范区政务服务中心: six window categories, twelve windows, eight departments and
 * realistic items from a city 实施清单 (codes shortened, limits as commonly published).
 */
import type { LimitUnit } from '../src/calendar/domain/calendar-types';
import type { CaseType, ItemType, Necessity } from '../src/catalog/domain/catalog-types';

export const DEMO_HALL = {
  code: 'DEMO',
  name: '示范区政务服务中心',
  address: '示范区市民中心一楼',
  timezone: 'Asia/Shanghai',
  workingHours: [
    { start: '09:00', end: '12:00' },
    { start: '13:30', end: '17:30' },
  ],
};

export const DEMO_PASSWORD = 'OneWindow#2026';

export const DEMO_DEPARTMENTS = [
  { code: 'SCJG', name: '市场监督管理局' },
  { code: 'SW', name: '税务局' },
  { code: 'ZJ', name: '住房和城乡建设局' },
  { code: 'BDC', name: '不动产登记中心' },
  { code: 'RS', name: '人力资源和社会保障局' },
  { code: 'WJ', name: '卫生健康委员会' },
  { code: 'MZ', name: '民政局' },
  { code: 'GA', name: '公安局' },
] as const;

export const DEMO_CATEGORIES = [
  { prefix: 'A', name: '企业开办与市场准入', dailyCap: 300, issueFrom: '08:30', issueUntil: '17:00', sortOrder: 1 },
  { prefix: 'B', name: '工程建设', dailyCap: 150, issueFrom: '08:30', issueUntil: '17:00', sortOrder: 2 },
  { prefix: 'C', name: '社会事务', dailyCap: 300, issueFrom: '08:30', issueUntil: '17:00', sortOrder: 3 },
  { prefix: 'D', name: '不动产登记', dailyCap: 200, issueFrom: '08:30', issueUntil: '16:30', sortOrder: 4 },
  { prefix: 'E', name: '即办/综合咨询', dailyCap: null, issueFrom: '08:30', issueUntil: '17:15', sortOrder: 5 },
  { prefix: 'Z', name: '统一出件', dailyCap: null, issueFrom: '08:30', issueUntil: '17:15', sortOrder: 6 },
] as const;

type Prefix = (typeof DEMO_CATEGORIES)[number]['prefix'];

export const DEMO_WINDOWS: {
  number: number;
  name: string;
  kind: 'comprehensive' | 'pickup' | 'consultation';
  serves: [Prefix, number][];
}[] = [
  {
    number: 1,
    name: '1号综合窗口',
    kind: 'comprehensive',
    serves: [
      ['A', 3],
      ['E', 1],
    ],
  },
  {
    number: 2,
    name: '2号综合窗口',
    kind: 'comprehensive',
    serves: [
      ['A', 3],
      ['E', 1],
    ],
  },
  {
    number: 3,
    name: '3号综合窗口',
    kind: 'comprehensive',
    serves: [
      ['A', 2],
      ['C', 1],
      ['E', 1],
    ],
  },
  {
    number: 4,
    name: '4号综合窗口',
    kind: 'comprehensive',
    serves: [
      ['B', 3],
      ['A', 1],
    ],
  },
  {
    number: 5,
    name: '5号综合窗口',
    kind: 'comprehensive',
    serves: [
      ['B', 3],
      ['E', 1],
    ],
  },
  {
    number: 6,
    name: '6号综合窗口',
    kind: 'comprehensive',
    serves: [
      ['C', 3],
      ['E', 1],
    ],
  },
  {
    number: 7,
    name: '7号综合窗口',
    kind: 'comprehensive',
    serves: [
      ['C', 2],
      ['E', 2],
    ],
  },
  { number: 8, name: '8号综合窗口', kind: 'comprehensive', serves: [['D', 3]] },
  {
    number: 9,
    name: '9号综合窗口',
    kind: 'comprehensive',
    serves: [
      ['D', 3],
      ['E', 1],
    ],
  },
  { number: 10, name: '10号咨询窗口', kind: 'consultation', serves: [['E', 1]] },
  { number: 11, name: '11号统一出件窗口', kind: 'pickup', serves: [['Z', 1]] },
  { number: 12, name: '12号统一出件窗口', kind: 'pickup', serves: [['Z', 1]] },
];

type Dept = (typeof DEMO_DEPARTMENTS)[number]['code'];

export interface DemoItem {
  code: string;
  name: string;
  dept: Dept;
  category: Prefix;
  itemType: ItemType;
  caseType: CaseType;
  legal: [number, LimitUnit] | null;
  promised: [number, LimitUnit];
  flags?: { immediate?: boolean; online?: boolean; nearby?: boolean; oneVisit?: boolean };
  visits?: number;
  commitment?: boolean;
  result?: string;
  delivery?: ('window' | 'express' | 'electronic')[];
  bookable?: boolean;
  basis?: string;
  materials: [string, Necessity, number, number][];
  steps?: [string, number, Dept?][];
}

const STD_STEPS: [string, number][] = [
  ['承办', 40],
  ['审核', 30],
  ['批准', 30],
];
const ID = '申请人身份证明';

export const DEMO_ITEMS: DemoItem[] = [
  {
    code: '000105001000',
    name: '企业设立登记',
    dept: 'SCJG',
    category: 'A',
    itemType: '行政许可',
    caseType: 'instant',
    legal: [15, 'working_days'],
    promised: [0, 'working_days'],
    flags: { immediate: true, online: true, oneVisit: true },
    visits: 1,
    result: '营业执照',
    delivery: ['window', 'express', 'electronic'],
    basis: '《中华人民共和国市场主体登记管理条例》第十九条',
    materials: [
      ['公司登记（备案）申请书', 'required', 1, 0],
      ['公司章程', 'required', 1, 0],
      ['股东主体资格证明', 'required', 0, 1],
      ['法定代表人任职文件', 'required', 1, 0],
      ['住所使用证明', 'deferrable', 0, 1],
    ],
    steps: [['受理即办', 100]],
  },
  {
    code: '000105002000',
    name: '开办企业一件事',
    dept: 'SCJG',
    category: 'A',
    itemType: '公共服务',
    caseType: 'joint',
    legal: [15, 'working_days'],
    promised: [3, 'working_days'],
    flags: { online: true, oneVisit: true },
    visits: 1,
    result: '营业执照、发票、印章',
    delivery: ['window', 'express'],
    bookable: true,
    materials: [
      ['开办企业一件事申请表', 'required', 1, 0],
      ['公司章程', 'required', 1, 0],
      [ID, 'required', 0, 1],
      ['住所使用证明', 'deferrable', 0, 1],
    ],
    steps: [
      ['营业执照办理', 40, 'SCJG'],
      ['税务登记与发票申领', 30, 'SW'],
      ['公章刻制备案', 30, 'GA'],
    ],
  },
  {
    code: '000105003000',
    name: '企业变更登记',
    dept: 'SCJG',
    category: 'A',
    itemType: '行政许可',
    caseType: 'promised',
    legal: [15, 'working_days'],
    promised: [3, 'working_days'],
    flags: { online: true, oneVisit: true },
    result: '营业执照',
    materials: [
      ['企业变更登记申请书', 'required', 1, 0],
      ['变更决议或决定', 'required', 1, 0],
      ['营业执照正副本', 'required', 1, 0],
    ],
  },
  {
    code: '000105004000',
    name: '食品经营许可',
    dept: 'SCJG',
    category: 'A',
    itemType: '行政许可',
    caseType: 'promised',
    legal: [20, 'working_days'],
    promised: [10, 'working_days'],
    flags: { online: true, oneVisit: true },
    commitment: true,
    result: '食品经营许可证',
    delivery: ['window', 'express', 'electronic'],
    basis: '《中华人民共和国食品安全法》第三十五条',
    materials: [
      ['食品经营许可申请书', 'required', 1, 0],
      ['营业执照复印件', 'required', 0, 1],
      ['食品安全管理制度', 'required', 1, 0],
      ['经营场所平面布局图', 'required', 1, 0],
      ['食品安全管理人员健康证明', 'deferrable', 0, 1],
    ],
    steps: STD_STEPS,
  },
  {
    code: '000105005000',
    name: '个体工商户注册登记',
    dept: 'SCJG',
    category: 'A',
    itemType: '行政许可',
    caseType: 'instant',
    legal: [15, 'working_days'],
    promised: [0, 'working_days'],
    flags: { immediate: true, online: true, nearby: true, oneVisit: true },
    result: '营业执照',
    materials: [
      ['个体工商户登记申请书', 'required', 1, 0],
      [ID, 'required', 0, 1],
      ['经营场所证明', 'deferrable', 0, 1],
    ],
    steps: [['受理即办', 100]],
  },
  {
    code: '000201001000',
    name: '发票领用',
    dept: 'SW',
    category: 'A',
    itemType: '行政确认',
    caseType: 'instant',
    legal: null,
    promised: [0, 'working_days'],
    flags: { immediate: true, online: true },
    result: '发票',
    materials: [
      ['经办人身份证件', 'required', 1, 0],
      ['发票领用簿', 'optional', 1, 0],
    ],
    steps: [['受理即办', 100]],
  },
  {
    code: '000201002000',
    name: '开具税收完税证明',
    dept: 'SW',
    category: 'E',
    itemType: '公共服务',
    caseType: 'instant',
    legal: null,
    promised: [0, 'working_days'],
    flags: { immediate: true, online: true, nearby: true },
    result: '税收完税证明',
    materials: [['纳税人身份证件', 'required', 1, 0]],
    steps: [['受理即办', 100]],
  },
  {
    code: '000301001000',
    name: '建筑工程施工许可',
    dept: 'ZJ',
    category: 'B',
    itemType: '行政许可',
    caseType: 'promised',
    legal: [7, 'working_days'],
    promised: [3, 'working_days'],
    flags: { online: true, oneVisit: true },
    result: '建筑工程施工许可证',
    basis: '《中华人民共和国建筑法》第八条',
    delivery: ['window', 'electronic'],
    materials: [
      ['建筑工程施工许可证申请表', 'required', 1, 0],
      ['建设工程规划许可证', 'required', 0, 1],
      ['施工合同', 'required', 0, 1],
      ['质量安全监督手续', 'required', 1, 0],
      ['资金到位承诺书', 'deferrable', 1, 0],
    ],
    steps: STD_STEPS,
  },
  {
    code: '000301002000',
    name: '商品房预售许可',
    dept: 'ZJ',
    category: 'B',
    itemType: '行政许可',
    caseType: 'promised',
    legal: [20, 'working_days'],
    promised: [10, 'working_days'],
    flags: { oneVisit: true },
    result: '商品房预售许可证',
    materials: [
      ['商品房预售许可申请表', 'required', 1, 0],
      ['国有土地使用证', 'required', 0, 1],
      ['建设工程规划许可证', 'required', 0, 1],
      ['预售方案', 'required', 1, 0],
    ],
    steps: STD_STEPS,
  },
  {
    code: '000301003000',
    name: '建筑业企业资质核准',
    dept: 'ZJ',
    category: 'B',
    itemType: '行政许可',
    caseType: 'reported',
    legal: [20, 'working_days'],
    promised: [15, 'working_days'],
    result: '建筑业企业资质证书',
    materials: [
      ['资质申请表', 'required', 1, 0],
      ['企业营业执照', 'required', 0, 1],
      ['技术负责人资料', 'required', 0, 1],
    ],
    steps: [
      ['初审', 60],
      ['转报', 40],
    ],
  },
  {
    code: '000401001000',
    name: '不动产转移登记',
    dept: 'BDC',
    category: 'D',
    itemType: '行政确认',
    caseType: 'promised',
    legal: [30, 'working_days'],
    promised: [5, 'working_days'],
    flags: { oneVisit: true },
    result: '不动产权证书',
    delivery: ['window', 'express', 'electronic'],
    bookable: true,
    basis: '《不动产登记暂行条例》第二十条',
    materials: [
      ['不动产登记申请书', 'required', 1, 0],
      [ID, 'required', 1, 1],
      ['不动产权属证书', 'required', 1, 0],
      ['买卖合同', 'required', 1, 0],
      ['完税凭证', 'required', 0, 1],
    ],
    steps: STD_STEPS,
  },
  {
    code: '000401002000',
    name: '抵押权注销登记',
    dept: 'BDC',
    category: 'D',
    itemType: '行政确认',
    caseType: 'promised',
    legal: [30, 'working_days'],
    promised: [1, 'working_hours'],
    flags: { immediate: true, oneVisit: true },
    result: '不动产登记证明',
    materials: [
      ['不动产登记申请书', 'required', 1, 0],
      ['不动产登记证明', 'required', 1, 0],
      ['主债权消灭证明', 'required', 1, 0],
    ],
    steps: [['审核登簿', 100]],
  },
  {
    code: '000401003000',
    name: '抵押权首次登记',
    dept: 'BDC',
    category: 'D',
    itemType: '行政确认',
    caseType: 'promised',
    legal: [30, 'working_days'],
    promised: [3, 'working_days'],
    flags: { oneVisit: true },
    result: '不动产登记证明',
    materials: [
      ['不动产登记申请书', 'required', 1, 0],
      ['主债权合同', 'required', 1, 0],
      ['抵押合同', 'required', 1, 0],
      ['不动产权属证书', 'required', 1, 0],
    ],
    steps: STD_STEPS,
  },
  {
    code: '000401004000',
    name: '不动产登记资料查询',
    dept: 'BDC',
    category: 'E',
    itemType: '公共服务',
    caseType: 'instant',
    legal: null,
    promised: [0, 'working_days'],
    flags: { immediate: true, online: true, nearby: true },
    result: '查询结果证明',
    materials: [
      ['查询申请书', 'required', 1, 0],
      [ID, 'required', 1, 0],
    ],
    steps: [['受理即办', 100]],
  },
  {
    code: '000501001000',
    name: '社会保障卡补领',
    dept: 'RS',
    category: 'C',
    itemType: '公共服务',
    caseType: 'instant',
    legal: null,
    promised: [0, 'working_days'],
    flags: { immediate: true, nearby: true, oneVisit: true },
    result: '社会保障卡',
    materials: [
      ['居民身份证', 'required', 1, 0],
      ['近期免冠照片', 'optional', 1, 0],
    ],
    steps: [['受理即办', 100]],
  },
  {
    code: '000501002000',
    name: '失业保险金申领',
    dept: 'RS',
    category: 'C',
    itemType: '行政给付',
    caseType: 'promised',
    legal: [10, 'working_days'],
    promised: [5, 'working_days'],
    flags: { online: true, oneVisit: true },
    result: '失业保险金核定通知',
    materials: [
      ['失业保险金申领登记表', 'required', 1, 0],
      ['解除劳动合同证明', 'required', 0, 1],
      ['银行账户信息', 'required', 0, 1],
    ],
    steps: [
      ['初审', 50],
      ['复核', 50],
    ],
  },
  {
    code: '000501003000',
    name: '就业创业证申领',
    dept: 'RS',
    category: 'C',
    itemType: '公共服务',
    caseType: 'promised',
    legal: null,
    promised: [3, 'working_days'],
    flags: { online: true, nearby: true },
    result: '就业创业证',
    materials: [
      ['就业创业证申领表', 'required', 1, 0],
      [ID, 'required', 0, 1],
    ],
    steps: [['办理', 100]],
  },
  {
    code: '000601001000',
    name: '公共场所卫生许可',
    dept: 'WJ',
    category: 'C',
    itemType: '行政许可',
    caseType: 'promised',
    legal: [20, 'working_days'],
    promised: [5, 'working_days'],
    flags: { online: true, oneVisit: true },
    commitment: true,
    result: '公共场所卫生许可证',
    basis: '《公共场所卫生管理条例》第八条',
    materials: [
      ['卫生许可申请表', 'required', 1, 0],
      ['营业执照复印件', 'required', 0, 1],
      ['卫生管理制度', 'required', 1, 0],
      ['从业人员健康合格证明', 'deferrable', 0, 1],
      ['卫生检测报告', 'required', 1, 0],
    ],
    steps: [
      ['承办', 40],
      ['现场核查', 30],
      ['批准', 30],
    ],
  },
  {
    code: '000601002000',
    name: '医师执业注册',
    dept: 'WJ',
    category: 'C',
    itemType: '行政许可',
    caseType: 'promised',
    legal: [20, 'working_days'],
    promised: [10, 'working_days'],
    result: '医师执业证书',
    materials: [
      ['医师执业注册申请审核表', 'required', 1, 0],
      ['医师资格证书', 'required', 1, 1],
      ['体检证明', 'required', 1, 0],
    ],
    steps: STD_STEPS,
  },
  {
    code: '000701001000',
    name: '社会团体成立登记',
    dept: 'MZ',
    category: 'C',
    itemType: '行政许可',
    caseType: 'promised',
    legal: [60, 'natural_days'],
    promised: [20, 'working_days'],
    result: '社会团体法人登记证书',
    materials: [
      ['成立登记申请书', 'required', 1, 0],
      ['章程草案', 'required', 1, 0],
      ['业务主管单位批准文件', 'required', 1, 0],
      ['验资报告', 'required', 1, 0],
    ],
    steps: STD_STEPS,
  },
  {
    code: '000701002000',
    name: '最低生活保障申请',
    dept: 'MZ',
    category: 'C',
    itemType: '行政给付',
    caseType: 'promised',
    legal: [30, 'working_days'],
    promised: [20, 'working_days'],
    flags: { nearby: true },
    result: '低保审批决定',
    materials: [
      ['最低生活保障申请书', 'required', 1, 0],
      ['家庭成员身份证明', 'required', 0, 1],
      ['家庭收入和财产状况声明', 'required', 1, 0],
    ],
    steps: [
      ['入户调查', 40],
      ['审核', 30],
      ['审批', 30],
    ],
  },
  {
    code: '000801001000',
    name: '居民身份证换领',
    dept: 'GA',
    category: 'C',
    itemType: '行政确认',
    caseType: 'promised',
    legal: [60, 'natural_days'],
    promised: [15, 'working_days'],
    flags: { nearby: true },
    result: '居民身份证',
    delivery: ['window', 'express'],
    materials: [
      ['原居民身份证', 'required', 1, 0],
      ['居民户口簿', 'required', 1, 0],
    ],
    steps: [
      ['采集受理', 30],
      ['制证', 70],
    ],
  },
  {
    code: '000801002000',
    name: '印章刻制备案',
    dept: 'GA',
    category: 'A',
    itemType: '其他行政权力',
    caseType: 'instant',
    legal: null,
    promised: [0, 'working_days'],
    flags: { immediate: true, online: true },
    result: '印章备案回执',
    materials: [
      ['营业执照复印件', 'required', 0, 1],
      ['法定代表人身份证明', 'required', 0, 1],
    ],
    steps: [['受理即办', 100]],
  },
];

export const DEMO_USERS = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', dept: null },
  { username: 'security', displayName: '安全管理员', role: 'security_admin', dept: null },
  { username: 'auditor', displayName: '安全审计员', role: 'audit_admin', dept: null },
  { username: 'manager', displayName: '李主任', role: 'manager', dept: null },
  { username: 'clerk1', displayName: '王晓明', role: 'clerk', dept: null },
  { username: 'clerk2', displayName: '陈静', role: 'clerk', dept: null },
  { username: 'approver-scjg', displayName: '赵审批', role: 'approver', dept: 'SCJG' },
  { username: 'approver-sw', displayName: '钱税审', role: 'approver', dept: 'SW' },
  { username: 'approver-zj', displayName: '孙建审', role: 'approver', dept: 'ZJ' },
  { username: 'approver-bdc', displayName: '周登记', role: 'approver', dept: 'BDC' },
  { username: 'approver-rs', displayName: '吴社保', role: 'approver', dept: 'RS' },
  { username: 'approver-wj', displayName: '郑卫审', role: 'approver', dept: 'WJ' },
  { username: 'approver-mz', displayName: '冯民审', role: 'approver', dept: 'MZ' },
  { username: 'approver-ga', displayName: '陈公审', role: 'approver', dept: 'GA' },
] as const;

/** Fixed demo device secrets, so that a hall screen bookmarked with one keeps working. Change them in production. */
export const DEMO_DEVICES = [
  { name: '大厅主屏', kind: 'display', token: 'owd_demo-display-token-change-me' },
  { name: '一楼取号机', kind: 'kiosk', token: 'owd_demo-kiosk-token-change-me' },
] as const;
