import { Button, Col, Form, Row, Select } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { RoleDefinition } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { DepartmentSelect } from '../../components/DepartmentSelect.tsx';

export interface RoleRow {
  role?: string;
  departmentId?: string | null;
}

/**
 * The `roles` Form.List shared by "create account" and "edit roles": one row per role, with a
 * department when the role's scope is 'department'.
 */
export function RolesEditor({
  definitions,
  known,
}: {
  definitions: RoleDefinition[];
  known: { id: string; name: string }[];
}) {
  const { t, pick } = useI18n();
  const scopeOf = (role: string | undefined) =>
    definitions.find((d) => d.role === role)?.scope ?? 'department';

  return (
    <Form.List
      name="roles"
      rules={[
        {
          validator: async (_, rows?: RoleRow[]) => {
            if (!rows || rows.length === 0) throw new Error(t('accounts.roles.required'));
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <>
          {fields.map((field, index) => (
            <fieldset
              key={field.key}
              className="sufu-fieldset"
              aria-label={t('accounts.roleRow', { n: index + 1 })}
              data-testid={`role-row-${index}`}
            >
              <Row gutter={8} align="bottom" wrap>
                <Col xs={24} sm={10}>
                  <Form.Item
                    name={[field.name, 'role']}
                    label={t('accounts.role')}
                    rules={[{ required: true, message: t('accounts.role.required') }]}
                  >
                    <Select
                      options={definitions.map((d) => ({ value: d.role, label: pick(d.name) || d.role }))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={20} sm={12}>
                  <Form.Item noStyle shouldUpdate>
                    {({ getFieldValue }) => {
                      const role = getFieldValue(['roles', field.name, 'role']) as string | undefined;
                      const needsDepartment = scopeOf(role) === 'department';
                      return (
                        <Form.Item
                          name={[field.name, 'departmentId']}
                          label={t('accounts.roleDepartment')}
                          rules={[
                            { required: needsDepartment, message: t('accounts.roleDepartment.required') },
                          ]}
                        >
                          <DepartmentSelect known={known} disabled={!needsDepartment} />
                        </Form.Item>
                      );
                    }}
                  </Form.Item>
                </Col>
                <Col xs={4} sm={2}>
                  <Form.Item>
                    <Button
                      type="text"
                      danger
                      icon={<MinusCircleOutlined />}
                      aria-label={t('accounts.removeRole', { n: index + 1 })}
                      onClick={() => remove(field.name)}
                    />
                  </Form.Item>
                </Col>
              </Row>
            </fieldset>
          ))}
          <Form.Item>
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} data-testid="role-add">
              {t('accounts.addRole')}
            </Button>
            <Form.ErrorList errors={errors} />
          </Form.Item>
        </>
      )}
    </Form.List>
  );
}
