/**
 * A short document a render worker renders once at start, while the main thread is still loading data
 * and composing the first report: the first PDF of a process costs ~0.5 s more than later ones (code
 * compiled, font tables parsed), and this moves that cost off the critical path. The output is thrown
 * away; what it leaves behind (compiled code, parsed fonts) changes no later byte.
 */
import type { DocModel } from "../model/types.js";

export const WARM_UP: DocModel = {
  meta: { report: "warm-up", region: { code: "520000", name: "贵州省" }, year: 2020, title: "统计公报", author: "统计局", subject: "统计公报", keywords: [], lang: "zh-CN" },
  blocks: [
    { type: "title", text: "人力资源和社会保障事业发展统计公报" },
    { type: "heading", level: 1, number: "一、", text: "促进城乡就业" },
    {
      type: "paragraph",
      runs: [
        { text: "（一）稳就业保就业政策红利叠加释放。", style: "runIn" },
        { text: "全省城镇新增就业61.64万人，失业人员实现再就业14.37万人，城镇登记失业率3.75%，较上年增长36.5%；全省人力资源服务机构878家，其中：公共就业服务机构54家。" },
      ],
    },
    { type: "table", number: 1, caption: "分市（州）年平均工资", unit: "元", header: ["地区", "就业人员"], align: ["left", "right"], rows: [["贵州省", "76547"]], notes: ["备注：不包括中央驻黔的政府单位"] },
    { type: "signature", issuers: ["贵州省统计局"], date: "2021年6月9日" },
  ],
};
