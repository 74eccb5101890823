export type { LocalizedMessage } from './messages.ts';
export { createRng, type Rng } from './rng.ts';
export { provinceCodes, findProvince, type ProvinceCode } from './provinces.ts';
export {
  jiangsuDivisions,
  JIANGSU_PROVINCE_CODE,
  type JiangsuDivision,
  type ProvinceDivision,
  type CityDivision,
  type CountyDivision,
  type DivisionLevel,
  type CountyKind,
} from './jiangsu-divisions.ts';
export { findDivision, childrenOf, cityOf, isWithin, divisionPath, jiangsuCounties } from './divisions.ts';
export {
  validateIdNumber,
  upgradeLegacyIdNumber,
  idNumberCheckChar,
  describeIdRegion,
  generateIdNumber,
  maskIdNumber,
  type IdInvalidReason,
  type IdNumberResult,
  type ValidIdNumber,
  type InvalidIdNumber,
  type ValidateIdNumberOptions,
  type IdRegionDescription,
  type GenerateIdNumberOptions,
  type MaskOptions,
  type Sex,
} from './id-number.ts';
export {
  validateCreditCode,
  creditCodeCheckChar,
  orgCodeCheckChar,
  generateCreditCode,
  registrationAuthorities,
  type CreditCodeInvalidReason,
  type CreditCodeResult,
  type ValidCreditCode,
  type InvalidCreditCode,
  type CodeName,
  type RegistrationAuthority,
  type GenerateCreditCodeOptions,
} from './credit-code.ts';
export {
  validateMobile,
  generateMobile,
  maskMobile,
  mobileSegments,
  type MobileInvalidReason,
  type MobileResult,
  type ValidMobile,
  type InvalidMobile,
} from './mobile.ts';
