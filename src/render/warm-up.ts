/**
 * A short document a render worker renders once at start, while the main thread is still loading data
 * and composing the first report (the worker would otherwise wait idle): the first document of a process
 * costs much more than later ones (code compiled, font tables parsed, docx's font subsetter and PNG
 * fallbacks started), and this moves part of that off the critical path. It has one block of each kind, so
 * every code path a report takes runs once. The output is thrown away; what it leaves behind (compiled
 * code, parsed fonts) changes no later byte.
 */
import type { FontProfile } from "../fonts/profile.js";
import type { DocModel } from "../model/types.js";

export function warmUpModel(fonts: FontProfile): DocModel {
  const family = fonts.roles.chart.regular.family;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40" viewBox="0 0 200 40"><rect width="200" height="40" fill="white"/>` +
    `<g transform="translate(10,5)"><path d="M0,0h120v20h-120Z" fill="#4c78a8"/><path d="M0.5,25.5h150" stroke="#888"/>` +
    `<text x="125" y="14" font-family="${family}" font-size="11">61.64</text>` +
    `<text x="0" y="34" font-family="${family}" font-size="11" font-weight="bold">贵州省</text></g></svg>`;
  return {
    meta: { report: "warm-up", region: { code: "520000", name: "贵州省" }, year: 2020, title: "统计公报", author: "统计局", subject: "统计公报", keywords: [], lang: "zh-CN" },
    blocks: [
      { type: "docNumber", text: "黔人社通〔2021〕72号" },
      { type: "title", text: "人力资源和社会保障事业发展统计公报" },
      { type: "heading", level: 1, number: "一、", text: "促进城乡就业" },
      {
        type: "paragraph",
        runs: [
          { text: "（一）稳就业保就业政策红利叠加释放。", style: "runIn" },
          { text: "全省城镇新增就业61.64万人，失业人员实现再就业14.37万人，城镇登记失业率3.75%，" },
          { text: "较上年增长36.5%", style: "bold" },
          { text: "；全省人力资源服务机构878家，其中：公共就业服务机构54家。" },
        ],
      },
      { type: "table", number: 1, caption: "分市（州）年平均工资", unit: "元", header: ["地区", "就业人员"], align: ["left", "right"], rows: [["贵州省", "76547"]], notes: ["备注：不包括中央驻黔的政府单位"] },
      { type: "figure", number: 1, caption: "城镇新增就业", unit: "万人", chart: "warm-up", svg, width: 200, height: 40 },
      { type: "signature", issuers: ["贵州省统计局"], date: "2021年6月9日" },
    ],
  };
}
