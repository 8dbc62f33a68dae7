"""Generate Markdown tables in the shape of the user's reading list.

Five columns (名称/来源/说明/状态/备注), mixed CJK and Latin text, ``<br/>`` line
breaks, Markdown links and bare URLs, code spans with escaped pipes, NULL
placeholders and rotten sources, deterministic for a given row count.
Used by every benchmark script, so that all of them measure the same inputs.
"""

from __future__ import annotations

import random
from pathlib import Path

HEADER = "|名称  |  来源   | 说明  |状态   | 备注  |\n|  ----  | ----  |----  | ----  |----  |\n"
VENUES = [
    "arxiv2022", "arXiv 2023", "arxiv 2021", "NeurIPS 2022", "ICLR2023", "ACL 2023", "EMNLP2022",
    "facebook research 2023",
]
NAMES = ["PEER", "LaMDA", "LLaMA", "Sparrow", "Chinchilla", "Megatron-LM", "InstructGPT", "FLAN", "Gopher", "PaLM"]
PHRASES = [
    "交互式文本编辑语言模型", "训练数据来源维基百科的更新历史", "整体上和InstructGPT相比", "核心是张量并行",
    "在BERT和GPT-2上做了验证", "引入了检索结果", "基础模型基于Chinchilla", "Meta的高效率大模型（参数更小）",
    "SFT+RM+PPO", "训练的数据集也比较小", "code span `a\\|b` inside", "Deepmind的Chinchilla",
]


def row(rng: random.Random, index: int) -> str:
    if rng.random() < 0.05:
        return "| NULL  | NULL |NULL |NULL |NULL |\n"
    name = f"{rng.choice(NAMES)}-{index}"
    title = f"《{name}: A Study of Language Model {index}》"
    venue = rng.choice(VENUES)
    parts = rng.sample(PHRASES, 3)
    maker = rng.choice(["Meta", "Google", "OpenAI"])
    description = f"{maker}的{name}：<br/>1 {parts[0]}；<br/>2 {parts[1]}；<br/>3 {parts[2]}；"
    status = rng.choice(["NULL", "已读", "NULL", "在读"])
    note = rng.choice([
        "NULL",
        f"参考：https://zhuanlan.zhihu.com/p/{366906920 + index}",
        f"[专栏](https://zhuanlan.zhihu.com/p/{rng.randint(10**8, 10**9)})",
        f"https://mp.weixin.qq.com/s/{rng.randint(10**8, 10**9)}",
    ])
    return f"| {title}| {venue}| {description}| {status} | {note} |\n"


def table_text(rows: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    return HEADER + "".join(row(rng, index) for index in range(rows))


def write_table(directory: Path, rows: int) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"papers-{rows}.md"
    if not path.exists():
        path.write_text(table_text(rows), encoding="utf-8")
    return path
