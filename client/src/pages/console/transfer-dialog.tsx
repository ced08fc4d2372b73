import { Form, Modal, Radio, Select } from 'antd';
import { useEffect } from 'react';
import { Ticket } from '../../api/queue-types';
import { HallWindow, WindowCategory } from '../../api/types';
import { useI18n } from '../../i18n/i18n';

interface TransferValues {
  to: 'category' | 'window';
  categoryId?: string;
  windowId?: string;
}

interface TransferDialogProps {
  ticket: Ticket | null;
  categories: WindowCategory[];
  /** Other windows of the hall. */
  windows: HallWindow[];
  transfer(target: { categoryId: string } | { windowId: string }): Promise<boolean>;
  close(): void;
}

/** Sends the ticket to another category's queue or to one window; it keeps its number. */
export function TransferDialog({ ticket, categories, windows, transfer, close }: TransferDialogProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<TransferValues>();
  const to = Form.useWatch('to', form);
  useEffect(() => {
    if (ticket) form.setFieldsValue({ to: 'category', categoryId: undefined, windowId: undefined });
  }, [ticket, form]);

  const submit = async (values: TransferValues) => {
    const target = values.to === 'category' ? { categoryId: values.categoryId! } : { windowId: values.windowId! };
    if (await transfer(target)) close();
  };

  return (
    <Modal
      open={!!ticket}
      title={t('console.transferTitle', { number: ticket?.number ?? '' })}
      onOk={() => form.submit()}
      onCancel={close}
      okText={t('console.transfer')}
      cancelText={t('common.cancel')}
      forceRender
    >
      <Form<TransferValues> form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ to: 'category' }}>
        <Form.Item name="to" label={t('console.transferTo')}>
          <Radio.Group
            options={[
              { value: 'category', label: t('console.toCategory') },
              { value: 'window', label: t('console.toWindow') },
            ]}
          />
        </Form.Item>
        {to === 'window' ? (
          <Form.Item name="windowId" label={t('console.targetWindow')} rules={[{ required: true, message: t('console.targetRequired') }]}>
            <Select showSearch optionFilterProp="label" options={windows.map((w) => ({ value: w.id, label: w.name }))} />
          </Form.Item>
        ) : (
          <Form.Item
            name="categoryId"
            label={t('console.targetCategory')}
            rules={[{ required: true, message: t('console.targetRequired') }]}
          >
            <Select
              showSearch
              optionFilterProp="label"
              options={categories.map((c) => ({ value: c.id, label: `${c.prefix} ${c.name}` }))}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
