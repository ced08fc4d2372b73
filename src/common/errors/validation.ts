import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import { AppException } from './app-exception';

/** Chinese wording for the class-validator constraints the DTOs use. */
const CONSTRAINT_MESSAGES: Record<string, string> = {
  whitelistValidation: '不允许的字段',
  isNotEmpty: '不能为空',
  isNotBlank: '不能为空白',
  isDefined: '必须提供',
  isString: '必须是字符串',
  isInt: '必须是整数',
  isNumber: '必须是数字',
  isBoolean: '必须是布尔值',
  isArray: '必须是数组',
  isObject: '必须是对象',
  isEnum: '取值不在允许范围内',
  isIn: '取值不在允许范围内',
  isUuid: '必须是 UUID',
  nestedValidation: '必须是对象或对象数组',
  isPositive: '必须是正数',
  isDate: '必须是日期',
  arrayNotEmpty: '不能为空数组',
  isEmail: '必须是有效的电子邮箱',
  isDateString: '必须是 ISO 8601 日期时间',
  isISO8601: '必须是 ISO 8601 日期时间',
  min: '数值过小',
  max: '数值过大',
  minLength: '长度过短',
  maxLength: '长度过长',
  length: '长度不正确',
  matches: '格式不正确',
  arrayMinSize: '元素过少',
  arrayMaxSize: '元素过多',
  arrayUnique: '元素不能重复',
  isTimeZone: '必须是有效的时区名称',
};

export interface FieldError {
  field: string;
  constraints: string[];
  messages: string[];
}

export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own: FieldError[] = e.constraints
      ? [
          {
            field,
            constraints: Object.keys(e.constraints),
            messages: Object.entries(e.constraints).map(([k, v]) => (CONSTRAINT_MESSAGES[k] ? `${field} ${CONSTRAINT_MESSAGES[k]}` : v)),
          },
        ]
      : [];
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

/** Keys that class-transformer drops without a word, so `forbidNonWhitelisted` never sees them. */
const DROPPED_KEYS = ['__proto__', 'constructor', 'prototype'];

function droppedKeys(value: unknown, prefix = ''): FieldError[] {
  if (!value || typeof value !== 'object') return [];
  return Object.keys(value).flatMap((key) => {
    const field = prefix ? `${prefix}.${key}` : key;
    const own = DROPPED_KEYS.includes(key)
      ? [{ field, constraints: ['whitelistValidation'], messages: [`${field} ${CONSTRAINT_MESSAGES.whitelistValidation}`] }]
      : [];
    return [...own, ...droppedKeys((value as Record<string, unknown>)[key], field)];
  });
}

/** A DTO class's @ValidateNested properties: its metadata is fixed once the class is loaded, and reading it is a scan of every DTO's. */
type DtoClass = new (...args: never[]) => object;

const nestedByClass = new WeakMap<DtoClass, string[]>();

function nestedProperties(type: DtoClass): string[] {
  let properties = nestedByClass.get(type);
  if (!properties) {
    const nested = getMetadataStorage()
      .getTargetValidationMetadatas(type, '', true, false)
      .filter((m) => m.type === ValidationTypes.NESTED_VALIDATION);
    properties = [...new Set(nested.map((m) => m.propertyName))];
    nestedByClass.set(type, properties);
  }
  return properties;
}

/**
 * @ValidateNested iterates over any array it is given, so an array where one object belongs, or
 * an array inside an array of objects, passes class-validator and reaches the service. Walks the
 * validated DTO and names each.
 */
function misnestedArrays(dto: object, prefix = ''): FieldError[] {
  return nestedProperties(dto.constructor as DtoClass).flatMap((property) => {
    const value = (dto as Record<string, unknown>)[property];
    const field = prefix ? `${prefix}.${property}` : property;
    if (value === null || typeof value !== 'object') return [];
    const declared = Reflect.getMetadata('design:type', dto.constructor.prototype, property);
    // A union type (`X | null`, `X[] | null`) is declared as Object, which may be either: only a class says "one object".
    const many = declared === Array || (declared === Object && Array.isArray(value));
    if (Array.isArray(value) && !many)
      return [{ field, constraints: ['isObject'], messages: [`${field} ${CONSTRAINT_MESSAGES.isObject}`] }];
    return (many && Array.isArray(value) ? value : [value]).flatMap((item: unknown, i) => {
      const at = many ? `${field}.${i}` : field;
      if (Array.isArray(item)) return [{ field: at, constraints: ['isObject'], messages: [`${at} ${CONSTRAINT_MESSAGES.isObject}`] }];
      return item && typeof item === 'object' ? misnestedArrays(item, at) : [];
    });
  });
}

function refuse(details: FieldError[]): AppException {
  return new AppException('VALIDATION_FAILED', details, `请求参数校验失败：${details.map((d) => d.messages.join('，')).join('；')}`);
}

/** The global pipe: class-validator with the project's messages, plus the two gaps it leaves open (above). */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const dropped = metadata.type === 'body' ? droppedKeys(value) : [];
    if (dropped.length) throw refuse(dropped);
    const result = await super.transform(value, metadata);
    const misnested =
      result && typeof result === 'object' && metadata.metatype && result instanceof metadata.metatype ? misnestedArrays(result) : [];
    if (misnested.length) throw refuse(misnested);
    return result;
  }
}

export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => refuse(flattenValidationErrors(errors)),
  });
}
