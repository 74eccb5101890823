/**
 * Province-level GB/T 2260 codes (first two digits of a six-digit division code).
 *
 * Identity numbers keep the address code that was valid when they were issued, and counties are
 * renumbered often (320101-type 市辖区 codes were abolished; 海门市 320684 became 海门区 320614 in
 * 2020). Province prefixes, by contrast, have not changed since Chongqing (50) was split off in 1997,
 * so "the first two digits name a province" is the strongest region check that never rejects a real,
 * older ID.
 */
export interface ProvinceCode {
  /** Two-digit prefix, e.g. '32'. */
  readonly code: string;
  readonly name: string;
  readonly nameEn: string;
}

/** The 31 mainland province-level units plus Taiwan (71), Hong Kong (81) and Macao (82), per GB/T 2260. */
export const provinceCodes: readonly ProvinceCode[] = [
  { code: '11', name: '北京市', nameEn: 'Beijing Municipality' },
  { code: '12', name: '天津市', nameEn: 'Tianjin Municipality' },
  { code: '13', name: '河北省', nameEn: 'Hebei Province' },
  { code: '14', name: '山西省', nameEn: 'Shanxi Province' },
  { code: '15', name: '内蒙古自治区', nameEn: 'Inner Mongolia Autonomous Region' },
  { code: '21', name: '辽宁省', nameEn: 'Liaoning Province' },
  { code: '22', name: '吉林省', nameEn: 'Jilin Province' },
  { code: '23', name: '黑龙江省', nameEn: 'Heilongjiang Province' },
  { code: '31', name: '上海市', nameEn: 'Shanghai Municipality' },
  { code: '32', name: '江苏省', nameEn: 'Jiangsu Province' },
  { code: '33', name: '浙江省', nameEn: 'Zhejiang Province' },
  { code: '34', name: '安徽省', nameEn: 'Anhui Province' },
  { code: '35', name: '福建省', nameEn: 'Fujian Province' },
  { code: '36', name: '江西省', nameEn: 'Jiangxi Province' },
  { code: '37', name: '山东省', nameEn: 'Shandong Province' },
  { code: '41', name: '河南省', nameEn: 'Henan Province' },
  { code: '42', name: '湖北省', nameEn: 'Hubei Province' },
  { code: '43', name: '湖南省', nameEn: 'Hunan Province' },
  { code: '44', name: '广东省', nameEn: 'Guangdong Province' },
  { code: '45', name: '广西壮族自治区', nameEn: 'Guangxi Zhuang Autonomous Region' },
  { code: '46', name: '海南省', nameEn: 'Hainan Province' },
  { code: '50', name: '重庆市', nameEn: 'Chongqing Municipality' },
  { code: '51', name: '四川省', nameEn: 'Sichuan Province' },
  { code: '52', name: '贵州省', nameEn: 'Guizhou Province' },
  { code: '53', name: '云南省', nameEn: 'Yunnan Province' },
  { code: '54', name: '西藏自治区', nameEn: 'Xizang (Tibet) Autonomous Region' },
  { code: '61', name: '陕西省', nameEn: 'Shaanxi Province' },
  { code: '62', name: '甘肃省', nameEn: 'Gansu Province' },
  { code: '63', name: '青海省', nameEn: 'Qinghai Province' },
  { code: '64', name: '宁夏回族自治区', nameEn: 'Ningxia Hui Autonomous Region' },
  { code: '65', name: '新疆维吾尔自治区', nameEn: 'Xinjiang Uygur Autonomous Region' },
  { code: '71', name: '台湾省', nameEn: 'Taiwan Province' },
  { code: '81', name: '香港特别行政区', nameEn: 'Hong Kong Special Administrative Region' },
  { code: '82', name: '澳门特别行政区', nameEn: 'Macao Special Administrative Region' },
];

const byCode = new Map(provinceCodes.map((p) => [p.code, p]));

/**
 * Looks up a province by the first two digits of any division code (or of an ID number), so callers
 * can pass a full code without slicing it themselves.
 */
export function findProvince(code: string): ProvinceCode | undefined {
  return byCode.get(code.slice(0, 2));
}
