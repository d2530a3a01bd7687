/** Name material for generated orgs: common Chinese surnames and given-name characters with pinyin. */
export const SURNAMES: [string, string][] = [
  ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['黄', 'huang'], ['赵', 'zhao'],
  ['吴', 'wu'], ['周', 'zhou'], ['徐', 'xu'], ['孙', 'sun'], ['马', 'ma'], ['朱', 'zhu'], ['胡', 'hu'], ['郭', 'guo'],
  ['何', 'he'], ['高', 'gao'], ['林', 'lin'], ['罗', 'luo'], ['郑', 'zheng'], ['梁', 'liang'], ['谢', 'xie'], ['宋', 'song'],
  ['唐', 'tang'], ['许', 'xu'], ['韩', 'han'], ['冯', 'feng'], ['邓', 'deng'], ['曹', 'cao'], ['彭', 'peng'], ['曾', 'zeng'],
  ['肖', 'xiao'], ['田', 'tian'], ['董', 'dong'], ['袁', 'yuan'], ['潘', 'pan'], ['于', 'yu'], ['蒋', 'jiang'], ['蔡', 'cai'],
  ['杜', 'du'], ['叶', 'ye'], ['程', 'cheng'], ['苏', 'su'], ['魏', 'wei'], ['吕', 'lv'], ['丁', 'ding'], ['任', 'ren'],
  ['沈', 'shen'], ['姚', 'yao'], ['卢', 'lu'], ['姜', 'jiang'], ['崔', 'cui'], ['钟', 'zhong'], ['谭', 'tan'], ['陆', 'lu'],
  ['欧阳', 'ouyang'], ['司马', 'sima'], ['上官', 'shangguan'], ['诸葛', 'zhuge'],
];

export const GIVEN: [string, string][] = [
  ['伟', 'wei'], ['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'], ['强', 'qiang'], ['磊', 'lei'],
  ['军', 'jun'], ['洋', 'yang'], ['勇', 'yong'], ['艳', 'yan'], ['杰', 'jie'], ['娟', 'juan'], ['涛', 'tao'], ['明', 'ming'],
  ['超', 'chao'], ['秀', 'xiu'], ['霞', 'xia'], ['平', 'ping'], ['刚', 'gang'], ['英', 'ying'], ['华', 'hua'], ['建', 'jian'],
  ['文', 'wen'], ['玉', 'yu'], ['兰', 'lan'], ['志', 'zhi'], ['红', 'hong'], ['海', 'hai'], ['晨', 'chen'], ['宇', 'yu'],
  ['浩', 'hao'], ['子', 'zi'], ['欣', 'xin'], ['梓', 'zi'], ['涵', 'han'], ['轩', 'xuan'], ['睿', 'rui'], ['思', 'si'],
  ['雨', 'yu'], ['嘉', 'jia'], ['怡', 'yi'], ['博', 'bo'], ['然', 'ran'], ['鑫', 'xin'], ['佳', 'jia'], ['一', 'yi'],
  ['诺', 'nuo'], ['婷', 'ting'], ['雪', 'xue'], ['琳', 'lin'], ['鹏', 'peng'], ['飞', 'fei'], ['晓', 'xiao'], ['凯', 'kai'],
];

export const ENGLISH_FIRST = [
  'Alice', 'Bob', 'Carol', 'David', 'Emma', 'Frank', 'Grace', 'Henry', 'Ivy', 'Jack', 'Kevin', 'Linda', 'Michael', 'Nina',
  'Oliver', 'Peter', 'Rachel', 'Steven', 'Tina', 'Vincent', 'William', 'Yvonne', 'Zoe', 'Sophia', 'James', 'Lucas', 'Mia',
  'Ethan', 'Chloe', 'Daniel', 'Hannah', 'Jason', 'Karen', 'Leo', 'Monica', 'Nathan', 'Olivia', 'Ryan', 'Sarah', 'Tom',
];

export const ENGLISH_LAST = [
  'Chen', 'Wang', 'Li', 'Zhang', 'Smith', 'Johnson', 'Brown', 'Lee', 'Wong', 'Liu', 'Taylor', 'Martin', 'Garcia', 'Miller',
  'Davis', 'Wilson', 'Anderson', 'Thomas', 'Moore', 'Clark', 'Lewis', 'Walker', 'Young', 'King', 'Scott', 'Green', 'Baker',
];

export const POSITIONS = [
  '工程师', '高级工程师', '资深工程师', '产品经理', '销售代表', '客户经理', '财务专员', '会计', '人事专员', '招聘专员',
  '设计师', '运营专员', '客服专员', '部门经理', '总监', '架构师', '测试工程师', '行政助理', '法务顾问', '数据分析师',
  'Software Engineer', 'Product Manager', 'Sales Manager', 'HR Business Partner', '',
];

export const TOP_UNITS = [
  '研发中心', '销售中心', '市场部', '财务部', '人力资源部', '行政部', '法务部', '客户成功部', '供应链中心', '产品中心',
  '运营中心', '质量部', '采购部', '信息技术部', '战略投资部', '品牌部', '国际业务部', '生产制造中心', '物流部', '审计部',
];

export const SUB_UNITS = [
  '华东区', '华南区', '华北区', '西南区', '西北区', '东北区', '华中区', '海外事业部', '前端组', '后端组', '测试组', '运维组',
  '数据组', '算法组', '平台组', '安全组', '移动端组', '基础架构组', '大客户部', '渠道部', '电商部', '培训部', '薪酬福利组',
  '招聘组', '结算组', '税务组', '仓储组', '计划组', '创新实验室', '项目管理办公室',
];

export const TAG_NAMES = [
  '研发人员', '管理层', '销售团队', '新员工', '项目经理', '外包人员', '实习生', '核心骨干', '远程办公', '技术委员会',
  '安全员', '内训师', '工会会员', '志愿者', '值班人员', '出差人员', '财务审批人', '采购审批人', '面试官', '导师',
];

export const CITIES = ['上海市浦东新区', '北京市海淀区', '深圳市南山区', '杭州市西湖区', '广州市天河区', '成都市高新区', '武汉市洪山区', '南京市鼓楼区'];
