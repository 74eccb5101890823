import { defineError, type AppError } from '@sufu/kernel';
import type { TokenRefusal } from './token.ts';

/**
 * Problem codes of the service-code module. Every refusal of a scanned string has its own
 * code, so a counter system can tell the clerk what to do ("ask for a fresh code" differs
 * from "this is not a 苏服码"), and none of them releases anything about the holder.
 */
export const ServiceCodeErrors = {
  malformed: defineError('service_code.malformed', 'unprocessable', {
    'zh-CN': '无法识别该苏服码，请让办事人重新出示。',
    en: 'This service code cannot be read; ask the holder to show it again.',
  }),
  truncated: defineError('service_code.truncated', 'unprocessable', {
    'zh-CN': '苏服码内容不完整，请重新扫描。',
    en: 'The service code is incomplete; scan it again.',
  }),
  unsupported_version: defineError('service_code.unsupported_version', 'unprocessable', {
    'zh-CN': '不支持该版本的苏服码。',
    en: 'This version of the service code is not supported.',
  }),
  foreign: defineError('service_code.foreign', 'unprocessable', {
    'zh-CN': '这不是苏服码（可能是其他地区或其他用途的二维码）。',
    en: 'This is not a Sufu service code (it may be another issuer’s QR code).',
  }),
  unknown_key: defineError('service_code.unknown_key', 'unprocessable', {
    'zh-CN': '该苏服码的签名密钥未知或已停用，请让办事人刷新苏服码。',
    en: 'The code was signed with an unknown or withdrawn key; ask the holder to refresh it.',
  }),
  bad_signature: defineError('service_code.bad_signature', 'unprocessable', {
    'zh-CN': '苏服码签名校验失败，可能已被篡改。',
    en: 'The service code’s signature does not verify; it may have been tampered with.',
  }),
  expired: defineError('service_code.expired', 'gone', {
    'zh-CN': '苏服码已过期，请让办事人刷新后重新出示。',
    en: 'The service code has expired; ask the holder to refresh it.',
  }),
  not_yet_valid: defineError('service_code.not_yet_valid', 'unprocessable', {
    'zh-CN': '苏服码尚未生效，请核对设备时间或让办事人刷新。',
    en: 'The service code is not valid yet; check the device clock or ask the holder to refresh it.',
  }),
  replayed: defineError('service_code.replayed', 'conflict', {
    'zh-CN': '该苏服码已被使用，请让办事人刷新后重新出示。',
    en: 'This service code has already been used; ask the holder to refresh it.',
  }),
  out_of_scope: defineError('service_code.out_of_scope', 'forbidden', {
    'zh-CN': '当前扫码设备无权获取该类信息。',
    en: 'This scanner is not allowed to receive this information.',
  }),
  holderUnavailable: defineError('service_code.holder_unavailable', 'unprocessable', {
    'zh-CN': '持码人信息暂不可用。',
    en: 'The holder of this code is not available.',
  }),
  cardNotLinked: defineError('service_code.card_not_linked', 'unprocessable', {
    'zh-CN': '持码人未绑定该类卡证。',
    en: 'The holder has not linked a card of this kind.',
  }),
  cardInvalid: defineError('service_code.card_invalid', 'validation', {
    'zh-CN': '卡号格式不正确。',
    en: 'The card number is not valid.',
  }),
  cardAlreadyLinked: defineError('service_code.card_already_linked', 'conflict', {
    'zh-CN': '已绑定同类卡证，请先解除绑定；或该卡已被他人绑定。',
    en: 'A card of this kind is already linked (unlink it first), or this card is linked to someone else.',
  }),
  notHolder: defineError('service_code.not_holder', 'forbidden', {
    'zh-CN': '只有实名认证的居民本人可以出示个人苏服码。',
    en: 'Only a resident with a verified identity can show a personal service code.',
  }),
  notRepresentative: defineError('service_code.not_representative', 'forbidden', {
    'zh-CN': '您不是该企业的法定代表人或授权代理人，不能出示企业码。',
    en: 'You are not the legal representative or an authorised agent of this organisation.',
  }),
  scannerNotFound: defineError('service_code.scanner_not_found', 'not_found', {
    'zh-CN': '未找到该扫码设备。',
    en: 'No such scanner device.',
  }),
  noSigningKey: defineError('service_code.no_signing_key', 'unavailable', {
    'zh-CN': '苏服码签名密钥暂不可用，请稍后再试。',
    en: 'No service-code signing key is available; try again later.',
  }),
};

/** The problem for a token refusal. */
export function refusalError(refusal: TokenRefusal | 'replayed' | 'out_of_scope'): AppError {
  return ServiceCodeErrors[refusal]();
}
