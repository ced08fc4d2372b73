import { Form, FormInstance, Modal } from 'antd';
import { ReactNode, useEffect, useRef } from 'react';
import { useI18n } from '../i18n/i18n';
import { useFormSubmit } from '../lib/use-form-submit';

export interface FormModalProps<T> {
  open: boolean;
  title: string;
  /** Values the form starts from each time it opens. */
  initialValues?: Partial<T>;
  submit(values: T): Promise<unknown>;
  /** Business error codes shown on a field, e.g. `{ DUPLICATE_PREFIX: 'prefix' }`. */
  codeFields?: Record<string, string>;
  success: string;
  close(): void;
  /** Called after a successful submit, before closing. */
  saved(): void;
  children: ReactNode | ((form: FormInstance<T>) => ReactNode);
  width?: number;
  /** Prefixes the fields' ids, so that several dialogs on one page (each rendered while closed) keep every label tied to its own field. */
  name?: string;
}

/** A create/edit dialog: a vertical form, server errors on its fields, closes when saved. */
export function FormModal<T extends object>(props: FormModalProps<T>) {
  const { t } = useI18n();
  const [form] = Form.useForm<T>();
  const { busy, onFinish } = useFormSubmit(form, props.submit, {
    codeFields: props.codeFields,
    success: props.success,
    done: () => {
      props.saved();
      props.close();
    },
  });
  const { open } = props;
  // Read only when the dialog opens: a parent re-rendering meanwhile must not wipe what is being typed.
  const initialValues = useRef(props.initialValues);
  initialValues.current = props.initialValues;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (initialValues.current) form.setFieldsValue(initialValues.current as Parameters<typeof form.setFieldsValue>[0]);
  }, [open, form]);

  return (
    <Modal
      open={open}
      title={props.title}
      width={props.width ?? 560}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={props.close}
      forceRender
      maskClosable={false}
    >
      <Form<T> form={form} name={props.name} layout="vertical" onFinish={onFinish} disabled={busy} scrollToFirstError>
        {typeof props.children === 'function' ? props.children(form) : props.children}
      </Form>
    </Modal>
  );
}
