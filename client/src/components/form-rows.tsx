import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form } from 'antd';
import type { FormListProps } from 'antd/es/form/FormList';
import type { Rule } from 'antd/es/form';
import { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

export interface RowColumn {
  /** The row's field, e.g. `name` of `materials[i]`. */
  field: string;
  label: string;
  flex?: number;
  width?: number;
  rules?: Rule[];
  /** The cell's input; `label` names it for screen readers (第 2 项材料名称). */
  input(label: string): ReactNode;
}

interface FormRowsProps {
  name: string;
  columns: RowColumn[];
  /** A visible header row above the rows (the inputs have no label of their own). */
  header?: boolean;
  /** What a new row starts with. */
  newRow: object;
  addLabel: string;
  rules?: FormListProps['rules'];
  /** Beside the add button, e.g. a running total. */
  beside?(count: number): ReactNode;
  /** Below the add button, e.g. what no row means. */
  below?(count: number): ReactNode;
}

/** A form's list of rows (materials, steps, fees, served categories): one input per column, remove per row, add below. */
export function FormRows({ name, columns, header, newRow, addLabel, rules, beside, below }: FormRowsProps) {
  const { t } = useI18n();
  const rowLabel = (i: number, label: string) => t('catalogue.rowLabel', { n: i + 1, label });
  return (
    <Form.List name={name} rules={rules}>
      {(fields, { add, remove }, { errors }) => (
        <Flex vertical gap={8}>
          {header && fields.length > 0 && (
            <Flex gap={8} className="list-header" aria-hidden>
              {columns.map((c) => (
                <div key={c.field} style={{ flex: c.flex, width: c.width }}>
                  {c.label}
                </div>
              ))}
              <div style={{ width: 32 }} />
            </Flex>
          )}
          {fields.map((field, i) => (
            <Flex key={field.key} gap={8} align="start">
              {columns.map((c) => (
                <Form.Item
                  key={c.field}
                  name={[field.name, c.field]}
                  rules={c.rules}
                  style={{ flex: c.flex, width: c.width, marginBottom: 0 }}
                >
                  {c.input(rowLabel(i, c.label))}
                </Form.Item>
              ))}
              <Button
                type="text"
                icon={<MinusCircleOutlined />}
                onClick={() => remove(field.name)}
                aria-label={`${t('common.remove')} ${rowLabel(i, columns[0].label)}`}
              />
            </Flex>
          ))}
          <Flex align="center" gap={16}>
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add(newRow)}>
              {addLabel}
            </Button>
            {beside?.(fields.length)}
          </Flex>
          {below?.(fields.length)}
          <Form.ErrorList errors={errors} />
        </Flex>
      )}
    </Form.List>
  );
}
