import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Space, Table, TableProps } from 'antd';
import { ReactNode, useState } from 'react';
import { FormModal, FormModalProps } from '../../components/form-modal';
import { PageHeader } from '../../components/page-header';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { Loaded } from '../../lib/use-load';

// What every admin list page is made of: a header with its "new" button, the table of the hall's
// rows with their actions, a create/edit dialog, and row actions that say so and reload the list.

/** The message namespace of an admin page: its `.title`, `.new` and `.editTitle` words. */
export type AdminWords = 'catalogue' | 'categories' | 'departments' | 'devices' | 'users' | 'windows';

/** Which row the dialog edits: none (closed), a new one, or an existing one. */
export interface Editing<T> {
  open: boolean;
  current: T | null;
  edit(row: T | 'new'): void;
  close(): void;
}

export function useEditing<T>(): Editing<T> {
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  return {
    open: editing !== null,
    current: editing === 'new' ? null : editing,
    edit: setEditing,
    close: () => setEditing(null),
  };
}

/** Runs a row action, says it is done and reloads the list; a refusal is shown by the API client. */
export function useRowAction(rows: Loaded<unknown>) {
  const { message } = App.useApp();
  return async (action: () => Promise<unknown>, done: string) => {
    await action();
    void message.success(done);
    await rows.reload();
  };
}

interface AdminTableProps<T> extends Pick<TableProps<T>, 'rowClassName' | 'pagination' | 'size' | 'scroll'> {
  words: AdminWords;
  newIcon?: ReactNode;
  /** What the header's button opens. */
  editing: Pick<Editing<T>, 'edit'>;
  rows: Loaded<T[]>;
  columns: NonNullable<TableProps<T>['columns']>;
  /** A row's actions, in the last column. */
  actions?: { width: number; render(row: T): ReactNode };
  /** Between the header and the table, e.g. filters. */
  above?: ReactNode;
  /** Shown instead of the loaded rows, e.g. filtered ones. */
  dataSource?: T[];
  /** The dialogs. */
  children?: ReactNode;
}

export function AdminTable<T extends { id: string }>(props: AdminTableProps<T>) {
  const { t } = useI18n();
  const { actions, words } = props;
  // Device tokens are issued, not created.
  const newLabel = words === 'devices' ? t('devices.issue') : t(`${words}.new`);
  const columns = actions
    ? [
        ...props.columns,
        {
          title: t('common.actions'),
          width: actions.width,
          fixed: props.scroll ? ('right' as const) : undefined,
          render: (_: unknown, row: T) => <Space>{actions.render(row)}</Space>,
        },
      ]
    : props.columns;
  return (
    <>
      <PageHeader
        title={t(`${words}.title`)}
        extra={
          <Button type="primary" icon={props.newIcon ?? <PlusOutlined />} onClick={() => props.editing.edit('new')}>
            {newLabel}
          </Button>
        }
      />
      {props.above}
      <Table<T>
        rowKey="id"
        size={props.size}
        scroll={props.scroll}
        loading={props.rows.loading}
        dataSource={props.dataSource ?? props.rows.data}
        pagination={props.pagination ?? false}
        rowClassName={props.rowClassName}
        columns={columns}
      />
      {props.children}
    </>
  );
}

/** A row's link-style button. */
export function RowLink({ label, onClick, danger }: { label: string; onClick?: () => void; danger?: boolean }) {
  return (
    <Button type="link" size="small" danger={danger} onClick={onClick}>
      {label}
    </Button>
  );
}

/** A row action that asks first (delete, deactivate, revoke). */
export function ConfirmLink({ title, label, onConfirm }: { title: string; label: string; onConfirm(): Promise<void> }) {
  const { t } = useI18n();
  return (
    <Popconfirm title={title} onConfirm={onConfirm} okText={label} cancelText={t('common.cancel')} okButtonProps={{ danger: true }}>
      <RowLink label={label} danger />
    </Popconfirm>
  );
}

type EditModalProps<F, T> = Omit<FormModalProps<F>, 'open' | 'title' | 'success' | 'close' | 'saved' | 'initialValues'> & {
  words: Exclude<AdminWords, 'catalogue' | 'devices'>;
  editing: Editing<T>;
  rows: Loaded<unknown>;
  /** The row's name in the dialog's title. */
  nameOf(row: T): string;
  /** The form's values for the row being edited. */
  valuesOf(row: T): Partial<F>;
  /** What the form of a new row starts with. */
  newValues?: Partial<F>;
};

/** The create/edit dialog of an admin list: its title and success message follow which it is; saving reloads the list. */
export function EditModal<F extends object, T>({ words, editing, rows, nameOf, valuesOf, newValues, ...props }: EditModalProps<F, T>) {
  const { t } = useI18n();
  const { current } = editing;
  return (
    <FormModal<F>
      {...props}
      initialValues={current ? valuesOf(current) : newValues}
      open={editing.open}
      title={current ? t(`${words}.editTitle`, { name: nameOf(current) }) : t(`${words}.new`)}
      success={current ? t('common.saved') : t('common.created')}
      close={editing.close}
      saved={() => void rows.reload()}
    />
  );
}

/** Deleting a named row after asking (`confirmKey` names it), then reloading the list. */
export function useRowRemove<T extends { id: string; name: string }>(
  rows: Loaded<unknown>,
  remove: (id: string) => Promise<unknown>,
  confirmKey: MessageKey,
): NonNullable<RowChanges<T>['remove']> {
  const { t } = useI18n();
  const act = useRowAction(rows);
  return {
    confirm: (row) => t(confirmKey, { name: row.name }),
    run: (row) => act(() => remove(row.id), t('common.deleted')),
  };
}

export interface RowChanges<T> {
  /** Deleted after asking. */
  remove?: { confirm(row: T): string; run(row: T): Promise<unknown> };
  /** Deactivated after asking, activated at once. */
  activation?: { confirm(row: T): string; run(row: T, active: boolean): Promise<unknown> };
}

/** A row's usual actions: edit in the dialog, then delete or (de)activate. */
export function EditActions<T extends object>({ row, editing, remove, activation }: RowChanges<T> & { row: T; editing: Editing<T> }) {
  const { t } = useI18n();
  return (
    <>
      <RowLink label={t('common.edit')} onClick={() => editing.edit(row)} />
      {remove && (
        <ConfirmLink title={remove.confirm(row)} label={t('common.delete')} onConfirm={async () => void (await remove.run(row))} />
      )}
      {activation &&
        ('active' in row && row.active ? (
          <ConfirmLink
            title={activation.confirm(row)}
            label={t('common.deactivate')}
            onConfirm={async () => void (await activation.run(row, false))}
          />
        ) : (
          <RowLink label={t('common.activate')} onClick={() => void activation.run(row, true)} />
        ))}
    </>
  );
}
