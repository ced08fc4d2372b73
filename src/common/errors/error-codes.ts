/**
 * The one catalogue of machine-readable error codes: each maps to an HTTP status and the
 * Chinese message clients show. Feature modules add their codes here so the exception
 * filter stays the single place that decides statuses.
 */
export const ERROR_CODES = {
  // generic
  VALIDATION_FAILED: { status: 400, message: '请求参数校验失败' },
  INVALID_ID: { status: 400, message: '标识格式不正确' },
  BAD_REQUEST: { status: 400, message: '请求无效' },
  UNAUTHENTICATED: { status: 401, message: '未登录或登录已失效' },
  INVALID_CREDENTIALS: { status: 401, message: '用户名或密码错误' },
  FORBIDDEN: { status: 403, message: '无权执行此操作' },
  HALL_ACCESS_DENIED: { status: 403, message: '无权访问该大厅的数据' },
  NOT_FOUND: { status: 404, message: '资源不存在' },
  ROUTE_NOT_FOUND: { status: 404, message: '接口不存在' },
  CONFLICT: { status: 409, message: '数据冲突' },
  DUPLICATE: { status: 409, message: '数据重复' },
  REFERENCED: { status: 409, message: '数据仍被引用，不能删除' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '请求体过大' },
  URI_TOO_LONG: { status: 414, message: '请求地址过长' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '不支持的请求体类型，请以 application/json 发送' },
  TOO_MANY_REQUESTS: { status: 429, message: '请求过于频繁，请稍后再试' },
  LOGIN_THROTTLED: { status: 429, message: '登录失败次数过多，请稍后再试' },
  IDEMPOTENCY_KEY_INVALID: { status: 400, message: 'Idempotency-Key 格式不正确（8–100 个字母、数字或 ._:-）' },
  IDEMPOTENCY_KEY_REUSED: { status: 409, message: '该 Idempotency-Key 已用于另一个不同的请求' },
  IDEMPOTENCY_IN_PROGRESS: { status: 409, message: '相同 Idempotency-Key 的请求正在处理中，请稍后重试' },
  INTERNAL_ERROR: { status: 500, message: '服务器内部错误' },
  SERVICE_UNAVAILABLE: { status: 503, message: '服务暂不可用，请稍后重试' },

  // simulation (demo clock)
  DEMO_CLOCK_OFF: { status: 409, message: '本服务器运行在真实时间上，演示时钟未启用（DEMO_CLOCK=on）' },
  DEMO_CLOCK_REAL_HALL: { status: 409, message: '存在未标记为演示大厅的大厅，演示时钟不能调整' },

  // halls
  HALL_NOT_FOUND: { status: 404, message: '大厅不存在' },
  DEPARTMENT_NOT_FOUND: { status: 404, message: '部门不存在' },
  DEPARTMENT_HAS_ITEMS: { status: 409, message: '该部门仍有事项，不能删除' },
  DEPARTMENT_HAS_USERS: { status: 409, message: '该部门仍有人员，不能删除' },
  CATEGORY_NOT_FOUND: { status: 404, message: '窗口类别不存在' },
  CATEGORY_OF_OTHER_HALL: { status: 400, message: '窗口类别不属于该大厅' },
  CATEGORY_IN_USE: { status: 409, message: '窗口类别仍被窗口或事项使用，不能删除' },
  WINDOW_NOT_FOUND: { status: 404, message: '窗口不存在' },
  DUPLICATE_CODE: { status: 409, message: '编码已存在' },
  DUPLICATE_WINDOW_NUMBER: { status: 409, message: '窗口编号已存在' },
  DUPLICATE_PREFIX: { status: 409, message: '该大厅已有相同字母的窗口类别' },
  DUPLICATE_USERNAME: { status: 409, message: '用户名已存在' },
  WORKING_HOURS_INVALID: { status: 400, message: '工作时段必须按时间顺序排列且不能重叠' },

  // catalog
  ITEM_NOT_FOUND: { status: 404, message: '事项不存在' },
  PROMISED_EXCEEDS_LEGAL: { status: 400, message: '承诺办结时限不能长于法定办结时限' },
  STEP_SHARES_INVALID: { status: 400, message: '审批环节的时限占比之和必须为 100' },
  DEPARTMENT_OF_OTHER_HALL: { status: 400, message: '部门不属于该大厅' },

  // users and devices
  USER_NOT_FOUND: { status: 404, message: '用户不存在' },
  APPROVER_NEEDS_DEPARTMENT: { status: 400, message: '后台审批员必须属于一个部门' },
  DEVICE_NOT_FOUND: { status: 404, message: '设备令牌不存在' },

  // calendar and deadlines
  CALENDAR_YEAR_INVALID: { status: 400, message: '年份无效，应为 2000–2100 年之间的整数' },
  CALENDAR_YEAR_NOT_LOADED: { status: 404, message: '该年度的节假日安排尚未导入' },
  CALENDAR_DATE_INVALID: { status: 400, message: '日期无效，应为真实存在的 YYYY-MM-DD' },
  CALENDAR_DATE_OUTSIDE_YEAR: { status: 400, message: '日期不属于所导入的年度' },
  CALENDAR_DUPLICATE_DATE: { status: 400, message: '同一日期出现多次，或既是放假日又是调休上班日' },
  CALENDAR_MAKEUP_NOT_WEEKEND: { status: 400, message: '调休上班日只能是周六或周日' },
  CALENDAR_EMPTY_SCHEDULE: { status: 400, message: '该年度没有任何放假或调休上班安排' },
  CALENDAR_ICS_INVALID: { status: 400, message: 'ICS 日历内容无法识别' },
  CALENDAR_OVERRIDE_EXISTS: { status: 409, message: '该大厅在这一天已有特殊安排' },
  CALENDAR_OVERRIDE_NOT_FOUND: { status: 404, message: '该大厅没有这项特殊安排' },
  CALENDAR_OVERRIDE_HOURS_WHEN_CLOSED: { status: 400, message: '闭厅日不能设置办公时段' },
  CLOCK_INVALID_LIMIT: { status: 400, message: '时限必须是非负整数，单位为工作日、自然日、工作小时或分钟' },
  CLOCK_INVALID_INSTANT: { status: 400, message: '时刻无效' },
  CLOCK_INVALID_EXTENSION: { status: 400, message: '延期天数必须是非负整数' },
  CLOCK_INVALID_STEP_SHARES: { status: 400, message: '审批环节的时限占比必须是正数' },
  CLOCK_SUSPENSION_ENDS_BEFORE_START: { status: 400, message: '挂起的结束时间早于开始时间' },
  CLOCK_OUT_OF_RANGE: { status: 400, message: '时刻或期限超出了日历覆盖的年份范围' },

  // queue (排队叫号)
  TICKET_NOT_FOUND: { status: 404, message: '号票不存在' },
  ILLEGAL_TICKET_MOVE: { status: 409, message: '号票当前状态不允许此操作' },
  TICKET_NOT_AT_WINDOW: { status: 403, message: '该号票不在您的窗口' },
  WINDOW_NOT_YOURS: { status: 403, message: '您不是该窗口的当班人员，请先开启窗口' },
  WINDOW_NOT_OPEN: { status: 409, message: '窗口未开启，不能叫号' },
  WINDOW_BUSY: { status: 409, message: '窗口还有正在呼叫或办理的号票，请先处理' },
  WINDOW_OCCUPIED: { status: 409, message: '该窗口已由其他人员开启' },
  CLERK_AT_OTHER_WINDOW: { status: 409, message: '您已在其他窗口当班，请先关闭该窗口' },
  WINDOW_INACTIVE: { status: 409, message: '窗口已停用' },
  OUTSIDE_ISSUING_HOURS: { status: 409, message: '当前不在该类业务的取号时间内' },
  DAILY_CAP_REACHED: { status: 409, message: '该类业务今日号源已取完' },
  ITEM_INACTIVE: { status: 409, message: '该事项已停办' },
  SOURCE_NOT_ALLOWED: { status: 403, message: '当前身份不能以该方式取号' },
  PRIORITY_NOT_ALLOWED: { status: 403, message: '绿色通道请在现场取号机或窗口办理' },
  TRANSFER_TARGET_INVALID: { status: 400, message: '转移目标无效：请指定本大厅的另一个业务类别或窗口' },
  UNKNOWN_SUBSCRIPTION: { status: 400, message: '不支持的订阅类型' },

  // appointments (预约)
  APPOINTMENT_NOT_FOUND: { status: 404, message: '预约不存在' },
  ITEM_NOT_BOOKABLE: { status: 409, message: '该事项不支持预约' },
  APPOINTMENT_DATE_INVALID: { status: 409, message: '只能预约今天及以后可预约天数内的时段' },
  SLOT_NOT_FOUND: { status: 404, message: '预约时段不存在' },
  SLOT_PASSED: { status: 409, message: '该时段已过' },
  SLOT_FULL: { status: 409, message: '该时段预约已满' },
  DAILY_QUOTA_REACHED: { status: 409, message: '该事项当天预约已满' },
  APPOINTMENT_NOT_BOOKED: { status: 409, message: '该预约已签到、已取消或已过期' },
  APPOINTMENT_NOT_TODAY: { status: 409, message: '只能在预约当天签到' },
  CHECK_IN_TOO_EARLY: { status: 409, message: '尚未到签到时间' },
  APPOINTMENT_EXPIRED: { status: 409, message: '预约时段已过，已记为爽约' },

  // cases (办件)
  CASE_NOT_FOUND: { status: 404, message: '办件不存在或查询码不正确' },
  BUNDLE_NOT_FOUND: { status: 404, message: '一件事申请不存在' },
  OBLIGATION_NOT_FOUND: { status: 404, message: '容缺材料记录不存在' },
  APPLICANT_ID_INVALID: { status: 400, message: '证件号码无效' },
  APPLICATION_ITEM_DUPLICATE: { status: 400, message: '同一申请中不能重复选择同一事项' },
  MATERIAL_UNKNOWN: { status: 400, message: '材料清单中有该事项不要求的材料' },
  REQUIRED_MATERIAL_MISSING: { status: 400, message: '缺少必要材料，请出具一次性告知书' },
  DEFERRAL_BARRED_DISHONEST: { status: 409, message: '申请人有失信记录，不能容缺受理' },
  DEFERRAL_NOT_POSSIBLE: { status: 409, message: '即办件和告知承诺办件当场办结，不能容缺受理，请补齐材料' },
  OBLIGATION_DUE_INVALID: { status: 400, message: '容缺材料的补交期限须晚于受理时间且不晚于承诺办结期限' },
  COMMITMENT_NOT_OFFERED: { status: 409, message: '该事项不适用告知承诺' },
  COMMITMENT_BARRED_DISHONEST: { status: 409, message: '申请人有失信记录，不能适用告知承诺' },
  NOTHING_MISSING: { status: 409, message: '材料齐全，无需一次性告知' },
  DELIVERY_NOT_OFFERED: { status: 409, message: '该事项不提供所选的送达方式' },
  TICKET_NOT_SERVED: { status: 409, message: '该号票不是您正在办理的号票' },
  ILLEGAL_CASE_MOVE: { status: 409, message: '办件当前状态不允许此操作' },
  CASE_MOVE_NOT_PERMITTED: { status: 403, message: '您的角色不能执行此办件操作' },
  CASE_INPUT_MISSING: { status: 400, message: '缺少此操作必需的内容' },
  CASE_OF_OTHER_DEPARTMENT: { status: 403, message: '该办件不属于您所在的部门' },
  CASE_NOT_CLAIMED: { status: 409, message: '请先认领该办件' },
  CASE_CLAIMED_BY_OTHER: { status: 403, message: '该办件已由其他审批人员认领' },
  ASSIGNEE_INVALID: { status: 400, message: '只能指派给该办件所在部门的后台审批人员' },
  NOT_AT_FINAL_STEP: { status: 409, message: '只有在最后一个审批环节才能作出决定' },
  AT_FINAL_STEP: { status: 409, message: '已是最后一个审批环节，请作出审批决定' },
  AT_FIRST_STEP: { status: 409, message: '已是第一个审批环节，不能退回' },
  EXTENSION_AFTER_DEADLINE: { status: 409, message: '已超过办结期限，不能延期' },
  EXTENSION_BEYOND_ALLOWANCE: { status: 409, message: '延期超出法定允许范围（最多 10 个工作日，联办件 15 个工作日，且只能延期一次）' },
  EXTENSION_ALREADY_REQUESTED: { status: 409, message: '已有待审批的延期申请' },
  EXTENSION_REQUEST_NOT_FOUND: { status: 404, message: '没有待审批的延期申请' },
  IDENTITY_MISMATCH: { status: 403, message: '证件号码与申请人不符，不能领取' },
  NOT_AT_PICKUP_WINDOW: { status: 409, message: '请在您当班的统一出件窗口办理出件' },
  COMMITMENT_CHECK_NOT_APPLICABLE: { status: 409, message: '只有已按告知承诺办结的办件才能核查承诺' },
  DOCUMENT_NOT_APPLICABLE: { status: 409, message: '该办件当前没有这份文书' },

  // evaluation (好差评)
  RATING_BY_STAFF_FORBIDDEN: { status: 403, message: '评价只能由办事群众本人提交，工作人员不能代为评价' },
  VISIT_NOT_FINISHED: { status: 409, message: '业务办理完成后才能评价' },
  CASE_NOT_FINISHED: { status: 409, message: '办件办结后才能评价' },
  ALREADY_RATED: { status: 409, message: '已经评价过，不能重复评价' },
  RATING_REASONS_ONLY_FOR_POOR: { status: 400, message: '只有“不满意”和“非常不满意”可以选择原因' },
  RECTIFICATION_NOT_FOUND: { status: 404, message: '整改任务不存在' },
  ILLEGAL_RECTIFICATION_MOVE: { status: 409, message: '整改任务当前状态不允许此操作' },
  RECTIFICATION_TIME_INVALID: { status: 400, message: '联系时间不能早于差评时间，也不能晚于当前时间' },

  // statistics (统计分析)
  STATS_RANGE_INVALID: { status: 400, message: '统计区间无效：开始日期不能晚于结束日期' },
  STATS_RANGE_TOO_LONG: { status: 400, message: '统计区间过长：最长 3 年' },
  STATS_GROUPING_INVALID: { status: 400, message: '该报表不支持此分组方式' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * Named database constraints that guard an invariant a client can break: the filter turns
 * their violation into the matching code instead of a generic DUPLICATE / REFERENCED.
 */
export const CONSTRAINT_CODES: Record<string, ErrorCode> = {
  uq_halls_code: 'DUPLICATE_CODE',
  uq_departments_hall_code: 'DUPLICATE_CODE',
  uq_window_categories_hall_prefix: 'DUPLICATE_PREFIX',
  uq_windows_hall_number: 'DUPLICATE_WINDOW_NUMBER',
  uq_service_items_hall_impl_code: 'DUPLICATE_CODE',
  uq_users_username: 'DUPLICATE_USERNAME',
  fk_service_items_department: 'DEPARTMENT_HAS_ITEMS',
  fk_service_item_steps_department: 'DEPARTMENT_HAS_ITEMS',
  fk_users_department: 'DEPARTMENT_HAS_USERS',
  fk_service_items_category: 'CATEGORY_IN_USE',
  fk_window_served_category: 'CATEGORY_IN_USE',
  uq_hall_calendar_overrides_hall_date: 'CALENDAR_OVERRIDE_EXISTS',
  fk_tickets_category: 'CATEGORY_IN_USE',
  fk_tickets_issue_category: 'CATEGORY_IN_USE',
  fk_appointments_category: 'CATEGORY_IN_USE',
  uq_window_desks_clerk: 'CLERK_AT_OTHER_WINDOW',
  uq_ratings_ticket: 'ALREADY_RATED',
  uq_ratings_case: 'ALREADY_RATED',
};
