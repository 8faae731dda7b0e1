<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AblationBar</name>
    <message>
        <source>PE off</source>
        <translation>关闭位置编码</translation>
    </message>
    <message>
        <source>positional encoding switched off: the model sees a bag of tokens</source>
        <translation>关闭位置编码：模型看到的只是一袋没有顺序的词元</translation>
    </message>
    <message>
        <source>÷√d_k off</source>
        <translation>关闭 ÷√d_k</translation>
    </message>
    <message>
        <source>no scaling of QKᵀ by √d_k: sharper softmax, smaller gradients</source>
        <translation>QKᵀ 不再除以 √d_k：softmax 更尖锐，梯度更小</translation>
    </message>
    <message>
        <source>causal mask off</source>
        <translation>关闭因果掩码</translation>
    </message>
    <message>
        <source>the decoder&apos;s self-attention may read future target tokens</source>
        <translation>解码器的自注意力可以读到未来的目标词元</translation>
    </message>
    <message>
        <source>no positional encoding</source>
        <translation>无位置编码</translation>
    </message>
    <message>
        <source>no ÷√d_k</source>
        <translation>不除以 √d_k</translation>
    </message>
    <message>
        <source>no causal mask</source>
        <translation>无因果掩码</translation>
    </message>
    <message>
        <source>e.g. enc.self.0.3, dec.cross.5.1</source>
        <translation>例如 enc.self.0.3, dec.cross.5.1</translation>
    </message>
    <message>
        <source>heads zeroed: {heads}</source>
        <translation>置零的头：{heads}</translation>
    </message>
    <message>
        <source>{n} heads</source>
        <translation>{n} 个头</translation>
    </message>
    <message>
        <source>⚠ Ablations on: {ablations}</source>
        <translation>⚠ 已开启消融：{ablations}</translation>
    </message>
    <message>
        <source>Ablations:</source>
        <extracomment>how long the heads box waits after the last keystroke before applying what was typed</extracomment>
        <translation>消融：</translation>
    </message>
    <message>
        <source>heads off:</source>
        <translation>关闭的头：</translation>
    </message>
    <message>
        <source>heads to zero: enc.self.L.H, dec.self.L.H or dec.cross.L.H, separated by commas (L.H alone means that head in all three attention blocks of layer L). Applied as you pause typing; or click heads off in the head selector (right-click) and the Model overview</source>
        <translation>要置零的头：enc.self.L.H、dec.self.L.H 或 dec.cross.L.H，用逗号分隔（只写 L.H 表示第 L 层三个注意力块里的这个头）。停止输入片刻后生效；也可以在头选择器（右键）和“模型总览”里点击关闭头</translation>
    </message>
    <message>
        <source>⚠ heads off: {error}</source>
        <translation>⚠ 关闭的头：{error}</translation>
    </message>
    <message>
        <source>the model runs with these switches; the views show what it computes with them</source>
        <translation>模型按这些开关运行；各视图显示的就是它在这些开关下算出的结果</translation>
    </message>
</context>
<context>
    <name>AblationLab</name>
    <message>
        <source>encoder self-attention</source>
        <translation>编码器自注意力</translation>
    </message>
    <message>
        <source>decoder masked self-attention</source>
        <translation>解码器掩码自注意力</translation>
    </message>
    <message>
        <source>decoder cross-attention</source>
        <translation>解码器交叉注意力</translation>
    </message>
    <message>
        <source>entropy of each attention row</source>
        <translation>每一行注意力的熵</translation>
    </message>
    <message>
        <source>entropy (nats)</source>
        <translation>熵（奈特）</translation>
    </message>
    <message>
        <source>query</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>uniform (ln of keys allowed)</source>
        <translation>均匀分布（可见键数的 ln）</translation>
    </message>
    <message>
        <source>largest weight of each row</source>
        <translation>每一行的最大权重</translation>
    </message>
    <message>
        <source>max weight</source>
        <translation>最大权重</translation>
    </message>
    <message>
        <source>mean largest weight</source>
        <translation>平均最大权重</translation>
    </message>
    <message>
        <source>mean entropy</source>
        <translation>平均熵</translation>
    </message>
    <message>
        <source>unscaled</source>
        <translation>不缩放</translation>
    </message>
    <message>
        <source>uniform: ln {n}</source>
        <translation>均匀分布：ln {n}</translation>
    </message>
    <message>
        <source>one query&apos;s weights</source>
        <translation>一个查询的权重</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>the {n} keys, by score</source>
        <translation>{n} 个键，按得分排序</translation>
    </message>
    <message>
        <source>Q and K have independent N(0, 1) entries (seed {seed}; {n} keys, 32 queries × 8 trials per d_k), so q·k has variance d_k. Unscaled, the scores spread as √d_k and the softmax tends to one-hot (max weight → 1, entropy → 0: tiny gradients for every other key); ÷√d_k keeps the variance at 1 whatever d_k. The model&apos;s own d_k is {d_k}.</source>
        <translation>Q 和 K 的元素是相互独立的 N(0, 1)（随机种子 {seed}；{n} 个键，每个 d_k 取 32 个查询 × 8 次试验），所以 q·k 的方差是 d_k。不缩放时，得分按 √d_k 散开，softmax 趋向 one-hot（最大权重 → 1，熵 → 0：其余每个键的梯度都极小）；÷√d_k 让方差无论 d_k 多大都保持为 1。本模型自己的 d_k 是 {d_k}。</translation>
    </message>
    <message>
        <source>Ablations: switch a part of the model off</source>
        <translation>消融：关掉模型的一部分</translation>
    </message>
    <message>
        <source>sentence</source>
        <translation>句子</translation>
    </message>
    <message>
        <source>How peaked is each softmax row? (same sentence and target, ÷√d_k on and off)</source>
        <translation>每一行 softmax 有多尖锐？（同一句子和目标，÷√d_k 开与关）</translation>
    </message>
    <message>
        <source>attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>head</source>
        <translation>头</translation>
    </message>
    <message>
        <source>The d_k experiment: random Q, K</source>
        <translation>d_k 实验：随机的 Q、K</translation>
    </message>
    <message>
        <source>These are the window&apos;s switches (the bar at the top): they apply in every tab, and so do heads switched off in the head selector or the Model overview.</source>
        <translation>这些就是窗口顶部那一栏的开关：它们作用于每个标签页；在头选择器或“模型总览”里关闭的头也一样。</translation>
    </message>
    <message>
        <source>translating …</source>
        <translation>翻译中 …</translation>
    </message>
    <message>
        <source>(unchanged)</source>
        <translation>（不变）</translation>
    </message>
    <message>
        <source>without ablations:  {translation}</source>
        <translation>关闭消融：{translation}</translation>
    </message>
    <message>
        <source>with them:            {translation}</source>
        <translation>开启消融：{translation}</translation>
    </message>
    <message>
        <source>entropy of each row of {weights}, head {head}</source>
        <translation>{weights} 每一行的熵，头 {head}</translation>
    </message>
    <message>
        <source>largest weight of each row of {weights}, head {head}</source>
        <translation>{weights} 每一行的最大权重，头 {head}</translation>
    </message>
    <message>
        <source>Mean over rows — entropy {entropy_scaled} with ÷√d_k, {entropy_unscaled} without; largest weight {max_scaled} vs {max_unscaled}. Both traces: {others} besides the scaling; target = the translation above. From layer 1 on the rows also differ because every layer below changed.</source>
        <translation>按行平均——熵：有 ÷√d_k 时 {entropy_scaled}，没有时 {entropy_unscaled}；最大权重 {max_scaled} 对 {max_unscaled}。两次运行除缩放外：{others}；目标 = 上面的译文。从第 1 层起，各行的差别还来自下面每一层的变化。</translation>
    </message>
    <message>
        <source>Mean over rows — entropy {entropy_scaled} with ÷√d_k, {entropy_unscaled} without; largest weight {max_scaled} vs {max_unscaled}. Both traces: {others} besides the scaling; the text as typed. From layer 1 on the rows also differ because every layer below changed.</source>
        <translation>按行平均——熵：有 ÷√d_k 时 {entropy_scaled}，没有时 {entropy_unscaled}；最大权重 {max_scaled} 对 {max_unscaled}。两次运行除缩放外：{others}；输入的就是所键入的文本。从第 1 层起，各行的差别还来自下面每一层的变化。</translation>
    </message>
    <message>
        <source>d_k = {d_k}: max weight {scaled} (÷√d_k) vs {unscaled} (unscaled)</source>
        <translation>d_k = {d_k}：最大权重 {scaled}（÷√d_k）对 {unscaled}（不缩放）</translation>
    </message>
    <message>
        <source>one query&apos;s weights at d_k = {d_k}</source>
        <translation>d_k = {d_k} 时一个查询的权重</translation>
    </message>
</context>
<context>
    <name>AddNormView</name>
    <message>
        <source>x (residual input)</source>
        <translation>x（残差输入）</translation>
    </message>
    <message>
        <source>residual x</source>
        <translation>残差 x</translation>
    </message>
    <message>
        <source>sub-layer output</source>
        <translation>子层输出</translation>
    </message>
    <message>
        <source>sum</source>
        <translation>和</translation>
    </message>
    <message>
        <source>mean per token</source>
        <translation>每个词元的均值</translation>
    </message>
    <message>
        <source>standard deviation per token</source>
        <translation>每个词元的标准差</translation>
    </message>
    <message>
        <source>before (sum)</source>
        <translation>之前（和）</translation>
    </message>
    <message>
        <source>after LayerNorm</source>
        <translation>层归一化之后</translation>
    </message>
    <message>
        <source>{what} of {token}, dim {dim}: {value}</source>
        <translation>{token} 的{what}，第 {dim} 维：{value}</translation>
    </message>
</context>
<context>
    <name>AlignmentView</name>
    <message>
        <source>source (keys)</source>
        <translation>源（键）</translation>
    </message>
    <message>
        <source>target (queries)</source>
        <translation>目标（查询）</translation>
    </message>
    <message>
        <source>Cross-attention alignment</source>
        <translation>交叉注意力对齐</translation>
    </message>
    <message>
        <source>the heads&apos; average</source>
        <translation>各头的平均</translation>
    </message>
    <message>
        <source>head {head}</source>
        <translation>头 {head}</translation>
    </message>
    <message>
        <source>decoder layer {layer}, {which}: a line from each target token (query) to its {n} strongest source tokens (keys), as strong as the weight; under each target token (the decoder&apos;s input), → the word it predicts. Hover a token to isolate its lines.</source>
        <translation>解码器第 {layer} 层，{which}：从每个目标词元（查询）连线到它最强的 {n} 个源词元（键），线的粗细即权重；每个目标词元（解码器的输入）下方的 → 是它预测的词。把鼠标悬停在一个词元上，只看它的连线。</translation>
    </message>
    <message>
        <source>cross-attention: target {target} (query) attends most to source {source} (key): {weight}</source>
        <translation>交叉注意力：目标 {target}（查询）最关注源 {source}（键）：{weight}</translation>
    </message>
    <message>
        <source>cross-attention: source {source} (key) is read most by target {target} (query): {weight}</source>
        <translation>交叉注意力：源 {source}（键）被目标 {target}（查询）读得最多：{weight}</translation>
    </message>
</context>
<context>
    <name>AttentionView</name>
    <message>
        <source>Pipeline of one head</source>
        <translation>一个头的流水线</translation>
    </message>
    <message>
        <source>All heads · concat · W_O</source>
        <translation>所有头 · 拼接 · W_O</translation>
    </message>
    <message>
        <source>Neuron view (one query)</source>
        <translation>神经元视图（一个查询）</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>head {head}</source>
        <translation>头 {head}</translation>
    </message>
    <message>
        <source>head {head}, query {query}, key {key} — {what}: {value}</source>
        <translation>头 {head}，查询 {query}，键 {key} —— {what}：{value}</translation>
    </message>
    <message>
        <source>output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>{what} of {token}, dim {dim}: {value}</source>
        <translation>{token} 的{what}，第 {dim} 维：{value}</translation>
    </message>
    <message>
        <source>head {head}, {text}</source>
        <translation>头 {head}，{text}</translation>
    </message>
    <message>
        <source>concat of {token}, dim {dim} (head {head}, z dim {z_dim}): {value}</source>
        <translation>{token} 的拼接，第 {dim} 维（头 {head}，z 的第 {z_dim} 维）：{value}</translation>
    </message>
</context>
<context>
    <name>DecodingController</name>
    <message>
        <source>no sentence has run yet</source>
        <extracomment>how long after a snapshot without translation the translation is asked for</extracomment>
        <translation>还没有运行过任何句子</translation>
    </message>
</context>
<context>
    <name>EmbeddingView</name>
    <message>
        <source>token embedding × √d_model</source>
        <translation>词嵌入 × √d_model</translation>
    </message>
    <message>
        <source>positional encoding</source>
        <translation>位置编码</translation>
    </message>
    <message>
        <source>embedding + PE</source>
        <translation>嵌入 + PE</translation>
    </message>
    <message>
        <source>{what}, token {token} (position {position}), dim {dim}: {value}</source>
        <translation>{what}，词元 {token}（位置 {position}），第 {dim} 维：{value}</translation>
    </message>
</context>
<context>
    <name>FeedForwardView</name>
    <message>
        <source>x (input, tokens × d_model)</source>
        <translation>x（输入，词元 × d_model）</translation>
    </message>
    <message>
        <source>hidden unit</source>
        <translation>隐藏单元</translation>
    </message>
    <message>
        <source>output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>unit {i}</source>
        <translation>第 {i} 个单元</translation>
    </message>
    <message>
        <source>dim {i}</source>
        <translation>第 {i} 维</translation>
    </message>
    <message>
        <source>(silenced by ReLU)</source>
        <translation>（被 ReLU 置零）</translation>
    </message>
    <message>
        <source>{what} of {token}, {where}: {value}</source>
        <translation>{token} 的{what}，{where}：{value}</translation>
    </message>
</context>
<context>
    <name>FillMaskPanel</name>
    <message>
        <source>Tokens (click one to mask it):</source>
        <translation>词元（点击一个即可把它遮住）：</translation>
    </message>
    <message>
        <source>click a token to replace it by {mask} in the text</source>
        <translation>点击一个词元，在文本中把它换成 {mask}</translation>
    </message>
    <message>
        <source>show top</source>
        <translation>显示前</translation>
    </message>
    <message>
        <source>how many guesses each masked position shows</source>
        <translation>每个被遮住的位置显示多少个猜测</translation>
    </message>
    <message>
        <source>Show the softmax stage</source>
        <translation>转到 Softmax 阶段</translation>
    </message>
    <message>
        <source>the output distribution, the shown mask&apos;s row</source>
        <translation>输出分布，所示遮罩所在的行</translation>
    </message>
    <message>
        <source>BERT&apos;s likeliest tokens at the shown masked position</source>
        <translation>BERT 在所示遮罩位置最可能的词元</translation>
    </message>
    <message>
        <source>P(token at the mask)</source>
        <translation>P(遮罩处的词元)</translation>
    </message>
    <message>
        <source>show the guesses at token {position} and its row in the views</source>
        <translation>显示第 {position} 个词元处的猜测，并在各视图中显示它的行</translation>
    </message>
    <message>
        <source>BERT fills {mask}: its likeliest tokens at each masked position · filled: “{filled}”</source>
        <translation>BERT 填写 {mask}：每个被遮住的位置最可能的词元 · 填好后：“{filled}”</translation>
    </message>
    <message>
        <source>No {mask} in the text: type {mask} where a word should be guessed, or click a token above to mask it.</source>
        <translation>文本里没有 {mask}：在要猜的词的位置输入 {mask}，或点击上方的一个词元把它遮住。</translation>
    </message>
    <message>
        <source>no masked position</source>
        <translation>没有被遮住的位置</translation>
    </message>
    <message>
        <source>P(token at {mask} @{position} | {context})</source>
        <translation>P({mask} @{position} 处的词元 | {context})</translation>
    </message>
</context>
<context>
    <name>FormingLab</name>
    <message>
        <source>the training step whose weights run the sentence (← → on the slider)</source>
        <translation>用哪一个训练步的权重来运行这个句子（在滑块上按 ← →）</translation>
    </message>
    <message>
        <source>step –</source>
        <translation>第 – 步</translation>
    </message>
    <message>
        <source>▶ Play</source>
        <translation>▶ 播放</translation>
    </message>
    <message>
        <source>step through training, one snapshot every 0.8 s</source>
        <translation>逐步回放训练过程，每 0.8 秒一个快照</translation>
    </message>
    <message>
        <source>Export animation…</source>
        <translation>导出动画…</translation>
    </message>
    <message>
        <source>every step as drawn here, as an animated GIF or a PNG strip (for slides)</source>
        <translation>把这里画出的每一步导出为 GIF 动画或 PNG 长条（用于幻灯片）</translation>
    </message>
    <message>
        <source>Export attention forming</source>
        <translation>导出注意力的形成过程</translation>
    </message>
    <message>
        <source>Animated GIF (*.gif);;PNG strip (*.png)</source>
        <translation>GIF 动画 (*.gif);;PNG 长条 (*.png)</translation>
    </message>
    <message>
        <source>decoder layer {}</source>
        <translation>解码器第 {} 层</translation>
    </message>
    <message>
        <source>cross-attention</source>
        <translation>交叉注意力</translation>
    </message>
    <message>
        <source>target (query)</source>
        <translation>目标（查询）</translation>
    </message>
    <message>
        <source>source (key)</source>
        <translation>源（键）</translation>
    </message>
    <message>
        <source>loss on the target</source>
        <translation>目标上的损失</translation>
    </message>
    <message>
        <source>cross-entropy (nats)</source>
        <translation>交叉熵（奈特）</translation>
    </message>
    <message>
        <source>training step + 1 (log)</source>
        <translation>训练步 + 1（对数）</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>attention sharpness</source>
        <translation>注意力的尖锐度</translation>
    </message>
    <message>
        <source>mean largest weight of a row</source>
        <translation>各行最大权重的平均</translation>
    </message>
    <message>
        <source>layer {layer}</source>
        <translation>第 {layer} 层</translation>
    </message>
    <message>
        <source>Attention forming: the weights kept during training, each run on your sentence</source>
        <translation>注意力的形成：训练中保存的各组权重，分别在你的句子上运行</translation>
    </message>
    <message>
        <source>The model kept its weights at a few moments of training (step 0 is the random start). Each runs your sentence teacher-forced on the trained model&apos;s translation, so the rows and columns stay the same while the cross-attention forms.</source>
        <translation>模型在训练的几个时刻保存了权重（第 0 步是随机初始化）。每组权重都以教师强制的方式，在训练好的模型的译文上运行你的句子，所以行和列保持不变，你能看到交叉注意力如何形成。</translation>
    </message>
    <message>
        <source>training step</source>
        <translation>训练步</translation>
    </message>
    <message>
        <source>running the sentence through every snapshot …</source>
        <translation>正在用每个快照运行这个句子 …</translation>
    </message>
    <message>
        <source>“{text}” through {n} snapshots, teacher-forced on the trained model&apos;s translation “{target}”. A row is the decoder position that predicts the next word (the &lt;bos&gt; row writes the first). Sharpness 1/n (here 1/{n_src}) is attention spread evenly over the source; 1 is all of it on one token.</source>
        <translation>“{text}”经过 {n} 个快照，以教师强制的方式输入训练好的模型的译文“{target}”。一行是预测下一个词的解码器位置（&lt;bos&gt; 那一行写出第一个词）。尖锐度 1/n（这里是 1/{n_src}）表示注意力均匀地分布在整个源句上；1 表示全部集中在一个词元上。</translation>
    </message>
    <message>
        <source>step {step} of {last}</source>
        <translation>第 {step} / {last} 步</translation>
    </message>
    <message>
        <source>heads&apos; average</source>
        <translation>各头的平均</translation>
    </message>
    <message>
        <source>head {head}</source>
        <translation>头 {head}</translation>
    </message>
    <message>
        <source>cross-attention, decoder layer {layer}, {which} — step {step}</source>
        <translation>交叉注意力，解码器第 {layer} 层，{which} —— 第 {step} 步</translation>
    </message>
    <message>
        <source>nothing (it writes &lt;eos&gt; at once)</source>
        <translation>什么也没写（直接写出 &lt;eos&gt;）</translation>
    </message>
    <message>
        <source>&lt;b&gt;At step {step}&lt;/b&gt; the model writes: &lt;i&gt;{writes}&lt;/i&gt; · loss on the target {loss} nats · sharpness of layer {layer}: {sharpness}</source>
        <translation>&lt;b&gt;第 {step} 步&lt;/b&gt;模型写出：&lt;i&gt;{writes}&lt;/i&gt; · 目标上的损失 {loss} 奈特 · 第 {layer} 层的尖锐度：{sharpness}</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>⏸ Pause</source>
        <translation>⏸ 暂停</translation>
    </message>
</context>
<context>
    <name>Heatmap</name>
    <message>
        <source>−∞ (masked)</source>
        <translation>−∞（被掩码）</translation>
    </message>
</context>
<context>
    <name>InferencePanel</name>
    <message>
        <source>greedy (argmax)</source>
        <translation>贪心（argmax）</translation>
    </message>
    <message>
        <source>beam search</source>
        <translation>束搜索</translation>
    </message>
    <message>
        <source>sampling</source>
        <translation>采样</translation>
    </message>
    <message>
        <source>greedy</source>
        <translation>贪心</translation>
    </message>
    <message>
        <source>beam</source>
        <translation>束</translation>
    </message>
    <message>
        <source>sampled</source>
        <translation>采样</translation>
    </message>
    <message>
        <source>forced ✎</source>
        <translation>强制 ✎</translation>
    </message>
    <message>
        <source>how the next token is chosen</source>
        <translation>如何选出下一个词元</translation>
    </message>
    <message>
        <source>Strategy:</source>
        <translation>策略：</translation>
    </message>
    <message>
        <source>beam width k</source>
        <translation>束宽 k</translation>
    </message>
    <message>
        <source>temperature T: softmax(logits / T)</source>
        <translation>温度 T：softmax(logits / T)</translation>
    </message>
    <message>
        <source>sample from the k likeliest only (0: all)</source>
        <translation>只从最可能的 k 个里采样（0：全部）</translation>
    </message>
    <message>
        <source>nucleus sampling: draw from the fewest likeliest tokens whose probabilities add up to p (1: all)</source>
        <translation>核采样：只从概率加起来达到 p 的最少几个最可能的词元里抽取（1：全部）</translation>
    </message>
    <message>
        <source>random seed: the same seed draws the same tokens</source>
        <translation>随机种子：相同的种子抽出相同的词元</translation>
    </message>
    <message>
        <source>width</source>
        <translation>束宽</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>◀ Back</source>
        <translation>◀ 后退</translation>
    </message>
    <message>
        <source>Step ▶  (Space)</source>
        <translation>单步 ▶ （空格）</translation>
    </message>
    <message>
        <source>Run to end</source>
        <translation>运行到底</translation>
    </message>
    <message>
        <source>back to the typed text</source>
        <translation>回到输入的文本</translation>
    </message>
    <message>
        <source>back to &lt;bos&gt;</source>
        <translation>回到 &lt;bos&gt;</translation>
    </message>
    <message>
        <source>undo the last token</source>
        <translation>撤销最后一个词元</translation>
    </message>
    <message>
        <source>decode one token (Space)</source>
        <translation>解码一个词元（空格）</translation>
    </message>
    <message>
        <source>decode until &lt;eos&gt; or the length limit</source>
        <translation>一直解码到 &lt;eos&gt; 或长度上限</translation>
    </message>
    <message>
        <source>how many candidates the chart shows</source>
        <translation>图中显示多少个候选</translation>
    </message>
    <message>
        <source>show top</source>
        <translation>显示前</translation>
    </message>
    <message>
        <source>beams (★ best)</source>
        <translation>束（★ 最优）</translation>
    </message>
    <message>
        <source>score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>score = log P / ((5 + length) / 6)^0.6 (GNMT length penalty, as in the paper); ★ the best score (what beam search returns), ◀ the one followed, … not finished; click a beam to follow it</source>
        <translation>得分 = log P / ((5 + 长度) / 6)^0.6（GNMT 长度惩罚，同论文）；★ 得分最高（束搜索返回的结果），◀ 当前跟随的束，… 尚未结束；点击一个束即可跟随它</translation>
    </message>
    <message>
        <source>greedy writes {token} (red) · click a bar to force it</source>
        <translation>贪心写出 {token}（红色）· 点击一根柱子可强制选它</translation>
    </message>
    <message>
        <source>the beam writes {token} (red) · click a bar to force it</source>
        <translation>束写出 {token}（红色）· 点击一根柱子可强制选它</translation>
    </message>
    <message>
        <source>the sampler draws {token} (red) · click a bar to force it</source>
        <translation>采样抽到 {token}（红色）· 点击一根柱子可强制选它</translation>
    </message>
    <message>
        <source>wrote {token} (done)</source>
        <translation>写出了 {token}（完成）</translation>
    </message>
    <message>
        <source>nothing yet: Step ▶ writes the token after the typed text</source>
        <translation>还没有：单步 ▶ 会写出输入文本之后的词元</translation>
    </message>
    <message>
        <source>nothing yet: the decoder starts from {start}</source>
        <translation>还没有：解码器从 {start} 开始</translation>
    </message>
    <message>
        <source>Step {n} · &lt;b&gt;done&lt;/b&gt;: {text}</source>
        <translation>第 {n} 步 · &lt;b&gt;完成&lt;/b&gt;：{text}</translation>
    </message>
    <message>
        <source>Step {n}: {text}</source>
        <translation>第 {n} 步：{text}</translation>
    </message>
    <message>
        <source>beam {i} (the best score: beam search&apos;s translation): {tokens}</source>
        <translation>束 {i}（得分最高：束搜索的译文）：{tokens}</translation>
    </message>
    <message>
        <source>beam {i}: {tokens}</source>
        <translation>束 {i}：{tokens}</translation>
    </message>
</context>
<context>
    <name>LessonPanel</name>
    <message>
        <source>Lessons</source>
        <extracomment>the panel&apos;s own words, in English: shown as translate(&quot;LessonPanel&quot;, …) in the interface&apos;s language</extracomment>
        <translation>课程</translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation>◀ 上一页</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>下一页 ▶</translation>
    </message>
    <message>
        <source>page {n}/{total}</source>
        <translation>第 {n}/{total} 页</translation>
    </message>
    <message>
        <source>Formula</source>
        <translation>公式</translation>
    </message>
    <message>
        <source>What to look at</source>
        <translation>看哪里</translation>
    </message>
    <message>
        <source>☐ </source>
        <translation>☐ </translation>
    </message>
    <message>
        <source>✓ Done: </source>
        <translation>✓ 完成：</translation>
    </message>
    <message>
        <source>This page needs {what}, which the current model {model} lacks.</source>
        <translation>这一页需要{what}，当前模型 {model} 没有。</translation>
    </message>
    <message>
        <source>Leaving this page switches the ablations and the mode back to what they were before it; the sentence, stage, head and decoding steps stay yours.</source>
        <translation>离开本页时，消融开关和模式会恢复为进入前的样子；句子、阶段、头和解码步骤保留给你。</translation>
    </message>
    <message>
        <source>Teacher forcing (training, all at once)</source>
        <translation>教师强制（训练，一次读入）</translation>
    </message>
    <message>
        <source>Step by step (test time)</source>
        <translation>逐步生成（测试，一步一步）</translation>
    </message>
    <message>
        <source>pos</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>predicts</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>writes</source>
        <translation>写出</translation>
    </message>
    <message>
        <source>Step ▶</source>
        <translation>走一步 ▶</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重来</translation>
    </message>
    <message>
        <source>cross-attention</source>
        <translation>交叉注意力</translation>
    </message>
    <message>
        <source>the language of the pages and of the whole window (as View → Language)</source>
        <translation>课程页面和整个窗口的语言（同“视图 → 语言”）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>I am a student</source>
        <translation>→ I am a student</translation>
    </message>
    <message>
        <source>I love China</source>
        <translation>→ I love China</translation>
    </message>
    <message>
        <source>a repeated word: 他 twice</source>
        <translation>重复的词：两个“他”</translation>
    </message>
    <message>
        <source>reordering: I saw him at school yesterday</source>
        <translation>语序调整：→ I saw him at school yesterday</translation>
    </message>
    <message>
        <source>reordering: I read at home</source>
        <translation>语序调整：→ I read at home</translation>
    </message>
    <message>
        <source>a question: do you love China?</source>
        <translation>疑问句：→ do you love China?</translation>
    </message>
    <message>
        <source>a short sentence</source>
        <translation>一个短句</translation>
    </message>
    <message>
        <source>BERT: fill the mask</source>
        <translation>BERT：填空 [MASK]</translation>
    </message>
    <message>
        <source>a longer one</source>
        <translation>长一点的句子</translation>
    </message>
    <message>
        <source>fill [MASK] (type a text with [MASK])</source>
        <translation>填空 [MASK]（输入带 [MASK] 的文本）</translation>
    </message>
    <message>
        <source>continue the text token by token</source>
        <translation>逐个词元续写文本</translation>
    </message>
    <message>
        <source>The decoding panel for {family} ({what}) is not in the window yet: `transformer-explorer {command} --model …` does it on the command line. The stages above show one forward pass over the text you type, every layer and head.</source>
        <translation>{family} 的解码面板（{what}）还没有放进窗口：可在命令行用 `transformer-explorer {command} --model …` 完成。上方的各阶段显示的是你输入的文本的一次前向计算，包括每一层和每一个头。</translation>
    </message>
    <message>
        <source>Transformer Explorer — {name} ({description})</source>
        <translation>Transformer 探索器 —— {name}（{description}）</translation>
    </message>
    <message>
        <source>Type a Chinese sentence, e.g. 我是一个学生</source>
        <translation>输入一个中文句子，例如 我是一个学生</translation>
    </message>
    <message>
        <source>Type a text, e.g. the cat sat on the [MASK]</source>
        <translation>输入一段文本，例如 the cat sat on the [MASK]</translation>
    </message>
    <message>
        <source>Type a text, e.g. the cat sat on</source>
        <translation>输入一段文本，例如 the cat sat on</translation>
    </message>
    <message>
        <source>Sentence:</source>
        <translation>句子：</translation>
    </message>
    <message>
        <source>Examples</source>
        <translation>例句</translation>
    </message>
    <message>
        <source>Inference</source>
        <translation>推理</translation>
    </message>
    <message>
        <source>the decoder writes one token at a time from &lt;bos&gt; (test time)</source>
        <translation>解码器从 &lt;bos&gt; 开始一次写一个词元（测试阶段）</translation>
    </message>
    <message>
        <source>Training (teacher forcing)</source>
        <translation>训练（教师强制）</translation>
    </message>
    <message>
        <source>the decoder reads a whole target at once, behind the causal mask</source>
        <translation>解码器一次读入整个目标句，靠因果掩码挡住未来</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>dark palette</source>
        <translation>深色配色</translation>
    </message>
    <message>
        <source>Source tokens:</source>
        <translation>源词元：</translation>
    </message>
    <message>
        <source>Tokens:</source>
        <translation>词元：</translation>
    </message>
    <message>
        <source>Decoder input:</source>
        <translation>解码器输入：</translation>
    </message>
    <message>
        <source>previous stage (←; Page Up: previous layer; Home: first)</source>
        <translation>上一阶段（←；Page Up：上一层；Home：第一阶段）</translation>
    </message>
    <message>
        <source>next stage (→; Page Down: next layer; End: last)</source>
        <translation>下一阶段（→；Page Down：下一层；End：最后阶段）</translation>
    </message>
    <message>
        <source>Head:</source>
        <translation>头：</translation>
    </message>
    <message>
        <source>show head {head}; right-click: switch it off (or on again) in this attention block</source>
        <translation>显示头 {head}；右键：在这个注意力块里关闭它（或重新打开）</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>switch the shown head off in this attention block (its Z becomes 0)</source>
        <translation>在这个注意力块里关闭当前显示的头（它的 Z 变成 0）</translation>
    </message>
    <message>
        <source>Model &amp;&amp; decoding</source>
        <translation>模型与解码</translation>
    </message>
    <message>
        <source>Model overview</source>
        <translation>模型总览</translation>
    </message>
    <message>
        <source>The stage views and the panels appear as soon as it is done; the window answers meanwhile — type another sentence and it runs that instead.</source>
        <translation>运行一完成，各阶段的视图和面板就会出现；其间窗口照常响应——输入另一个句子，就改为运行那一句。</translation>
    </message>
    <message>
        <source>Translating “{text}” …</source>
        <translation>正在翻译“{text}”……</translation>
    </message>
    <message>
        <source>Running {family} on “{text}” …</source>
        <translation>正在用 {family} 运行“{text}”……</translation>
    </message>
    <message>
        <source>Filling [MASK] in “{text}” …</source>
        <translation>正在填写“{text}”中的 [MASK]……</translation>
    </message>
    <message>
        <source>{model}: first run …</source>
        <translation>{model}：第一次运行……</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open model…</source>
        <translation>打开模型…</translation>
    </message>
    <message>
        <source>Save session…</source>
        <translation>保存会话…</translation>
    </message>
    <message>
        <source>Open session…</source>
        <translation>打开会话…</translation>
    </message>
    <message>
        <source>Export current view…</source>
        <translation>导出当前视图…</translation>
    </message>
    <message>
        <source>Export all…</source>
        <translation>全部导出…</translation>
    </message>
    <message>
        <source>Export trace (.npz)…</source>
        <translation>导出运行记录 (.npz)…</translation>
    </message>
    <message>
        <source>Export decoding animation…</source>
        <translation>导出解码动画…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>To the model map (then ← → step)</source>
        <translation>回到模型图（然后用 ← → 逐步）</translation>
    </message>
    <message>
        <source>Next stage</source>
        <translation>下一阶段</translation>
    </message>
    <message>
        <source>Previous stage</source>
        <translation>上一阶段</translation>
    </message>
    <message>
        <source>Next layer</source>
        <translation>下一层</translation>
    </message>
    <message>
        <source>Previous layer</source>
        <translation>上一层</translation>
    </message>
    <message>
        <source>First stage</source>
        <translation>第一阶段</translation>
    </message>
    <message>
        <source>Last stage</source>
        <translation>最后阶段</translation>
    </message>
    <message>
        <source>Decoding step</source>
        <translation>解码一步</translation>
    </message>
    <message>
        <source>Note: {note}</source>
        <translation>注意：{note}</translation>
    </message>
    <message>
        <source>⚠ {message} — nothing has run yet: type a sentence the model can read.</source>
        <translation>⚠ {message} —— 还没有任何运行：请输入一个模型能读的句子。</translation>
    </message>
    <message>
        <source>⚠ {message} — the views still show the last sentence that ran.</source>
        <translation>⚠ {message} —— 视图仍显示上一次成功运行的句子。</translation>
    </message>
    <message>
        <source>({n} tokens cut off)</source>
        <translation>（截掉了 {n} 个词元）</translation>
    </message>
    <message>
        <source>{family}: continuing the text</source>
        <translation>{family}：续写文本</translation>
    </message>
    <message>
        <source>{family}: one forward pass over the text</source>
        <translation>{family}：对这段文本的一次前向计算</translation>
    </message>
    <message>
        <source>greedy translation: {translation}</source>
        <translation>贪心译文：{translation}</translation>
    </message>
    <message>
        <source>, done</source>
        <translation>，已完成</translation>
    </message>
    <message>
        <source>Tokens (the text and what GPT-2 wrote, step {n}{done}):</source>
        <translation>词元（文本和 GPT-2 写出的部分，第 {n} 步{done}）：</translation>
    </message>
    <message>
        <source>Decoder input (teacher forcing: the whole target, shifted right):</source>
        <translation>解码器输入（教师强制：整个目标句，右移一位）：</translation>
    </message>
    <message>
        <source>Decoder input (inference, step {n}, done):</source>
        <translation>解码器输入（推理，第 {n} 步，完成）：</translation>
    </message>
    <message>
        <source>Decoder input (inference, step {n}):</source>
        <translation>解码器输入（推理，第 {n} 步）：</translation>
    </message>
    <message>
        <source>Export view</source>
        <translation>导出视图</translation>
    </message>
    <message>
        <source>head {head} is switched off here: click to switch it on again</source>
        <translation>头 {head} 在这里已关闭：点击重新打开</translation>
    </message>
    <message>
        <source>{head} (attention stages only)</source>
        <translation>{head}（只用于注意力阶段）</translation>
    </message>
    <message>
        <source>teacher forcing</source>
        <translation>教师强制</translation>
    </message>
    <message>
        <source>step {n}</source>
        <translation>第 {n} 步</translation>
    </message>
    <message>
        <source>rows: target, cols: source</source>
        <translation>行：目标，列：源</translation>
    </message>
    <message>
        <source>stage {i} of {n}: {title}</source>
        <translation>第 {i}/{n} 阶段：{title}</translation>
    </message>
    <message>
        <source>stage {i}/{n} · layer {layer} · head {head}</source>
        <translation>阶段 {i}/{n} · 第 {layer} 层 · 头 {head}</translation>
    </message>
    <message>
        <source>layer {layer} · head:</source>
        <translation>第 {layer} 层 · 头：</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <source>Session (*.json)</source>
        <translation>会话 (*.json)</translation>
    </message>
    <message>
        <source>session not saved: {reason}</source>
        <translation>会话未保存：{reason}</translation>
    </message>
    <message>
        <source>saved session {path}</source>
        <translation>已保存会话 {path}</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <source>session refused: {reason}</source>
        <translation>会话被拒绝：{reason}</translation>
    </message>
    <message>
        <source>Cannot open that session</source>
        <translation>无法打开这个会话</translation>
    </message>
    <message>
        <source>{reason}

The window stays as it was.</source>
        <translation>{reason}

窗口保持原样。</translation>
    </message>
    <message>
        <source>opened session {path}</source>
        <translation>已打开会话 {path}</translation>
    </message>
    <message>
        <source>Loading {model} …</source>
        <translation>正在加载 {model} …</translation>
    </message>
    <message>
        <source>Open model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <source>loading {model} …</source>
        <translation>正在加载 {model} …</translation>
    </message>
    <message>
        <source>Cancel</source>
        <extracomment>the Hugging Face cache the dialog lists (None: HF_HOME&apos;s, as huggingface_hub finds it) the window that replaced this one after File → Open model</extracomment>
        <translation>取消</translation>
    </message>
    <message>
        <source>Asking the Hugging Face hub about {repo} …</source>
        <translation>正在向 Hugging Face Hub 查询 {repo} …</translation>
    </message>
    <message>
        <source>asking the Hugging Face hub about {repo} …</source>
        <translation>正在向 Hugging Face Hub 查询 {repo} …</translation>
    </message>
    <message>
        <source>Downloading {repo} ({size}) …</source>
        <translation>正在下载 {repo}（{size}）…</translation>
    </message>
    <message>
        <source>downloading {repo} …</source>
        <translation>正在下载 {repo} …</translation>
    </message>
    <message>
        <source>Downloading {repo}: {done} of {total} …</source>
        <translation>正在下载 {repo}：{done} / {total} …</translation>
    </message>
    <message>
        <source>Cannot download that model</source>
        <translation>无法下载这个模型</translation>
    </message>
    <message>
        <source>download of {repo} cancelled; the explorer keeps the current model</source>
        <translation>已取消下载 {repo}；浏览器保留当前模型</translation>
    </message>
    <message>
        <source>Cannot open that model</source>
        <translation>无法打开这个模型</translation>
    </message>
    <message>
        <source>{reason}

The explorer keeps the current model.</source>
        <translation>{reason}

探索器继续使用当前模型。</translation>
    </message>
    <message>
        <source>wrote {path}</source>
        <translation>已写出 {path}</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Export every stage into a folder</source>
        <translation>把每个阶段导出到一个文件夹</translation>
    </message>
    <message>
        <source>Exporting every stage…</source>
        <translation>正在导出每个阶段…</translation>
    </message>
    <message>
        <source>wrote {n} figures and index.html to {folder}</source>
        <translation>已把 {n} 张图和 index.html 写到 {folder}</translation>
    </message>
    <message>
        <source>Export the trace</source>
        <translation>导出运行记录</translation>
    </message>
    <message>
        <source>Trace (*.npz)</source>
        <translation>运行记录 (*.npz)</translation>
    </message>
    <message>
        <source>Export the decoding animation</source>
        <translation>导出解码动画</translation>
    </message>
    <message>
        <source>Animated GIF (*.gif);;PNG strip (*.png)</source>
        <translation>GIF 动画 (*.gif);;PNG 长条 (*.png)</translation>
    </message>
    <message>
        <source>Download model</source>
        <translation>下载模型</translation>
    </message>
    <message>
        <source>Download {repo} ({size}) from the Hugging Face hub?</source>
        <translation>从 Hugging Face Hub 下载 {repo}（{size}）？</translation>
    </message>
    <message>
        <source>{count} files go into the local Hugging Face cache: {files}. Nothing from the repository is run.</source>
        <translation>{count} 个文件将存入本地的 Hugging Face 缓存：{files}。不会运行仓库里的任何代码。</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
</context>
<context>
    <name>ModelMap</name>
    <message>
        <source>Multi-Head Attention</source>
        <translation>多头注意力</translation>
    </message>
    <message>
        <source>Masked Multi-Head Attention</source>
        <translation>掩码多头注意力</translation>
    </message>
    <message>
        <source>Multi-Head Cross-Attention</source>
        <translation>多头交叉注意力</translation>
    </message>
    <message>
        <source>Feed Forward</source>
        <translation>前馈网络</translation>
    </message>
    <message>
        <source>Add &amp; Norm</source>
        <translation>残差与层归一化</translation>
    </message>
    <message>
        <source>Input Embedding</source>
        <translation>输入嵌入</translation>
    </message>
    <message>
        <source>Output Embedding</source>
        <translation>输出嵌入</translation>
    </message>
    <message>
        <source>LayerNorm (final)</source>
        <translation>层归一化（最终）</translation>
    </message>
    <message>
        <source>Linear</source>
        <translation>线性层</translation>
    </message>
    <message>
        <source>Encoder</source>
        <translation>编码器</translation>
    </message>
    <message>
        <source>Decoder</source>
        <translation>解码器</translation>
    </message>
    <message>
        <source>{stack} (layer {layer})</source>
        <translation>{stack}（第 {layer} 层）</translation>
    </message>
    <message>
        <source>Positions</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Positional</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>(learned)</source>
        <translation>（学习得到）</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Outputs (shifted right)</source>
        <translation>输出（右移一位）</translation>
    </message>
    <message>
        <source>Inputs (中文)</source>
        <translation>输入（中文）</translation>
    </message>
    <message>
        <source>Inputs (tokens)</source>
        <translation>输入（词元）</translation>
    </message>
</context>
<context>
    <name>ModelOverview</name>
    <message>
        <source>{name} (rows: target queries, columns: source keys)</source>
        <translation>{name}（行：目标查询，列：源键）</translation>
    </message>
    <message>
        <source>layer {layer}, head {head}: click to open it in the stage view (or to switch it off, see above)</source>
        <translation>第 {layer} 层，头 {head}：点击在阶段视图中打开（或关闭它，见上方）</translation>
    </message>
    <message>
        <source>Masked self-attention</source>
        <translation>掩码自注意力</translation>
    </message>
    <message>
        <source>a click switches the head off / on</source>
        <translation>点击即关闭 / 打开该头</translation>
    </message>
    <message>
        <source>when ticked, clicking a head zeroes it (an ablation, as in the top bar) instead of opening it; switched-off heads are crossed out in red</source>
        <translation>勾选后，点击一个头会把它置零（一种消融，同顶部栏），而不是打开它；被关闭的头用红叉标出</translation>
    </message>
    <message>
        <source>{kind}: softmax weights of every layer (rows) × head (columns), each {rows} × {cols}, colour 0 … 1. Click one to open it in the stage view; crossed out in red: switched off.</source>
        <translation>{kind}：每一层（行）× 每个头（列）的 softmax 权重，每个 {rows} × {cols}，颜色 0 … 1。点击一个在阶段视图中打开；红叉：已关闭。</translation>
    </message>
</context>
<context>
    <name>NeuronView</name>
    <message>
        <source>q (the query)</source>
        <translation>q（查询）</translation>
    </message>
    <message>
        <source>K (every key)</source>
        <translation>K（所有键）</translation>
    </message>
    <message>
        <source>q ⊙ kⱼ (element-wise)</source>
        <translation>q ⊙ kⱼ（逐元素）</translation>
    </message>
    <message>
        <source>scaled</source>
        <translation>缩放后</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>V (every value)</source>
        <translation>V（所有值）</translation>
    </message>
    <message>
        <source>key {key}</source>
        <translation>键 {key}</translation>
    </message>
    <message>
        <source>dim {dim}</source>
        <translation>第 {dim} 维</translation>
    </message>
    <message>
        <source>head {head}</source>
        <translation>头 {head}</translation>
    </message>
    <message>
        <source>query {query}</source>
        <translation>查询 {query}</translation>
    </message>
    <message>
        <source>q of “{token}” (head {head})</source>
        <translation>“{token}”的 q（头 {head}）</translation>
    </message>
    <message>
        <source>z of “{token}” = 0: head {head} switched off</source>
        <translation>“{token}”的 z = 0：头 {head} 已关闭</translation>
    </message>
    <message>
        <source>z of “{token}” = Σⱼ wⱼ vⱼ</source>
        <translation>“{token}”的 z = Σⱼ wⱼ vⱼ</translation>
    </message>
</context>
<context>
    <name>NextTokenChart</name>
    <message>
        <source>P(next token)</source>
        <translation>P(下一个词元)</translation>
    </message>
    <message>
        <source>click a candidate to force it as the next token (what if?)</source>
        <translation>点击一个候选，强制它作为下一个词元（如果这样会怎样？）</translation>
    </message>
    <message>
        <source>{token}: P = {p} · click to force it as the next token</source>
        <translation>{token}：P = {p} · 点击强制它作为下一个词元</translation>
    </message>
</context>
<context>
    <name>OpenModelDialog</name>
    <message>
        <source>internal error: {error}</source>
        <translation>内部错误：{error}</translation>
    </message>
    <message>
        <source>Open model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <source>Models in the local Hugging Face cache:</source>
        <translation>本地 Hugging Face 缓存中的模型：</translation>
    </message>
    <message>
        <source>{repo}   —   {family}, {size}, {parameters} parameters ({reason})</source>
        <translation>{repo}   —   {family}，{size}，{parameters} 个参数（{reason}）</translation>
    </message>
    <message>
        <source>{repo}   —   cannot be opened: {reason}</source>
        <translation>{repo}   —   无法打开：{reason}</translation>
    </message>
    <message>
        <source>(no models in the cache: type a folder or use Folder…)</source>
        <translation>（缓存中没有模型：输入一个文件夹，或使用“文件夹…”）</translation>
    </message>
    <message>
        <source>looking in the cache …</source>
        <translation>正在查找缓存……</translation>
    </message>
    <message>
        <source>or a folder / hub id:</source>
        <translation>或文件夹 / Hub ID：</translation>
    </message>
    <message>
        <source>Helsinki-NLP/opus-mt-zh-en, or a folder as save_pretrained writes it</source>
        <translation>Helsinki-NLP/opus-mt-zh-en，或 save_pretrained 写出的文件夹</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>文件夹…</translation>
    </message>
    <message>
        <source>Open a model folder</source>
        <translation>打开模型文件夹</translation>
    </message>
</context>
<context>
    <name>PositionalLab</name>
    <message>
        <source>the 10000 of the formula: sets the longest wavelength (2π·base positions)</source>
        <translation>公式中的 10000：决定最长的波长（2π·base 个位置）</translation>
    </message>
    <message>
        <source>dimensions to plot across positions, e.g. 0, 1, 10-11</source>
        <translation>要沿位置画出的维度，例如 0, 1, 10-11</translation>
    </message>
    <message>
        <source>cosine similarity</source>
        <translation>余弦相似度</translation>
    </message>
    <message>
        <source>positional encoding on</source>
        <translation>开启位置编码</translation>
    </message>
    <message>
        <source>PE matrix</source>
        <translation>PE 矩阵</translation>
    </message>
    <message>
        <source>position pos</source>
        <translation>位置 pos</translation>
    </message>
    <message>
        <source>dimension (2i: sin, 2i+1: cos)</source>
        <translation>维度（2i：sin，2i+1：cos）</translation>
    </message>
    <message>
        <source>position</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>chosen dimensions across positions</source>
        <translation>所选维度随位置的变化</translation>
    </message>
    <message>
        <source>row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>PE(pos+k) and M_k·PE(pos)</source>
        <translation>PE(pos+k) 与 M_k·PE(pos)</translation>
    </message>
    <message>
        <source>value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>dimension</source>
        <translation>维度</translation>
    </message>
    <message>
        <source>dimension (first half: sin, second half: cos)</source>
        <translation>维度（前一半：sin，后一半：cos）</translation>
    </message>
    <message>
        <source>PE(pos, dim)</source>
        <translation>PE(pos, 维度)</translation>
    </message>
    <message>
        <source>P[pos+k], the model&apos;s table</source>
        <translation>P[pos+k]，取自模型的表</translation>
    </message>
    <message>
        <source>PE(pos+k), from the formula</source>
        <translation>PE(pos+k)，由公式算出</translation>
    </message>
    <message>
        <source>M_k · P[pos], fitted</source>
        <translation>M_k · P[pos]，拟合所得</translation>
    </message>
    <message>
        <source>least-squares M_k: held-out residual</source>
        <translation>最小二乘 M_k：留出位置上的残差</translation>
    </message>
    <message>
        <source>relative residual (log)</source>
        <translation>相对残差（对数）</translation>
    </message>
    <message>
        <source>sinusoids of the same size</source>
        <translation>同样大小的正弦表</translation>
    </message>
    <message>
        <source>random vectors of the same size</source>
        <translation>同样大小的随机向量</translation>
    </message>
    <message>
        <source>positions of {name}</source>
        <translation>{name} 的位置</translation>
    </message>
    <message>
        <source>fitting M_k by least squares …</source>
        <translation>正在用最小二乘拟合 M_k …</translation>
    </message>
    <message>
        <source>max |Δ| between the repeated tokens</source>
        <translation>重复词元之间的 max |Δ|</translation>
    </message>
    <message>
        <source>encoder layer</source>
        <translation>编码器层</translation>
    </message>
    <message>
        <source>decoder layer</source>
        <translation>解码器层</translation>
    </message>
    <message>
        <source>layer output enc.i.out</source>
        <translation>层输出 enc.i.out</translation>
    </message>
    <message>
        <source>layer output {stack}.i.out</source>
        <translation>层输出 {stack}.i.out</translation>
    </message>
    <message>
        <source>attention row</source>
        <translation>注意力行</translation>
    </message>
    <message>
        <source>attention rows</source>
        <translation>注意力行</translation>
    </message>
    <message>
        <source>query</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Positional encoding: PE(pos, 2i) = sin(pos/base^(2i/d)), PE(pos, 2i+1) = cos(pos/base^(2i/d))</source>
        <translation>位置编码：PE(pos, 2i) = sin(pos/base^(2i/d))，PE(pos, 2i+1) = cos(pos/base^(2i/d))</translation>
    </message>
    <message>
        <source>Positional encoding (Marian): PE(pos, i) = sin(pos/base^(2i/d)), PE(pos, d/2 + i) = cos(pos/base^(2i/d))</source>
        <translation>位置编码（Marian）：PE(pos, i) = sin(pos/base^(2i/d))，PE(pos, d/2 + i) = cos(pos/base^(2i/d))</translation>
    </message>
    <message>
        <source>Positional encoding: the learned table P[pos] of {name}</source>
        <translation>位置编码：{name} 学到的位置表 P[pos]</translation>
    </message>
    <message>
        <source>Positional encoding: this model has none; the paper&apos;s formula below</source>
        <translation>位置编码：这个模型没有位置编码；下面是论文的公式</translation>
    </message>
    <message>
        <source>positions</source>
        <translation>位置数</translation>
    </message>
    <message>
        <source>dimensions</source>
        <translation>维度</translation>
    </message>
    <message>
        <source>Linear relation: PE(pos + k) = M_k · PE(pos), M_k the same for every pos</source>
        <translation>线性关系：PE(pos + k) = M_k · PE(pos)，M_k 对每个 pos 都相同</translation>
    </message>
    <message>
        <source>Linear relation: is there one M_k with P[pos + k] ≈ M_k · P[pos] for every pos?</source>
        <translation>线性关系：是否存在同一个 M_k，使每个 pos 都有 P[pos + k] ≈ M_k · P[pos]？</translation>
    </message>
    <message>
        <source>The repeated word: can attention tell the two 他 apart?</source>
        <translation>重复的词：注意力能区分两个“他”吗？</translation>
    </message>
    <message>
        <source>The repeated word: can attention tell two copies of a token apart?</source>
        <translation>重复的词：注意力能区分同一个词元的两次出现吗？</translation>
    </message>
    <message>
        <source>sentence</source>
        <translation>句子</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>learned positions P of {name} ({n} × {d})</source>
        <translation>{name} 学到的位置表 P（{n} × {d}）</translation>
    </message>
    <message>
        <source>{name}&apos;s own PE matrix ({n} × {d}); wavelengths 2π … {longest} positions</source>
        <translation>{name} 自己的 PE 矩阵（{n} × {d}）；波长 2π … {longest} 个位置</translation>
    </message>
    <message>
        <source>PE matrix ({n} × {d}); wavelengths 2π … {longest} positions</source>
        <translation>PE 矩阵（{n} × {d}）；波长 2π … {longest} 个位置</translation>
    </message>
    <message>
        <source>cosine similarity of PE(i), PE(j)</source>
        <translation>PE(i) 与 PE(j) 的余弦相似度</translation>
    </message>
    <message>
        <source>PE·PEᵀ (dot products)</source>
        <translation>PE·PEᵀ（点积）</translation>
    </message>
    <message>
        <source>dim {dim}</source>
        <translation>第 {dim} 维</translation>
    </message>
    <message>
        <source>dim {dim}: {fn}, λ={wavelength}</source>
        <translation>第 {dim} 维：{fn}，λ={wavelength}</translation>
    </message>
    <message>
        <source>pos + k = {sum} is not a position: choose k ≥ −pos.</source>
        <translation>pos + k = {sum} 不是一个位置：请选 k ≥ −pos。</translation>
    </message>
    <message>
        <source>M_{k} ({d}×{d}, block diagonal)</source>
        <translation>M_{k}（{d}×{d}，块对角）</translation>
    </message>
    <message>
        <source>M_{k}: top-left {n}×{n} of {d}×{d}</source>
        <translation>M_{k}：{d}×{d} 的左上角 {n}×{n}</translation>
    </message>
    <message>
        <source>M_{k} ({d}×{d}, 2×2 blocks on (i, d/2 + i))</source>
        <translation>M_{k}（{d}×{d}，2×2 块位于 (i, d/2 + i)）</translation>
    </message>
    <message>
        <source>, dims 0–{last} of {d}</source>
        <translation>，{d} 维中的第 0–{last} 维</translation>
    </message>
    <message>
        <source>PE({shifted}) and M_{k}·PE({pos})</source>
        <translation>PE({shifted}) 与 M_{k}·PE({pos})</translation>
    </message>
    <message>
        <source>max |PE({pos}+{k}) − M_{k}·PE({pos})| = {error} over {d} dimensions (float32 rounding: the model stores PE in float32). Each 2×2 block rotates one (sin, cos) pair by the angle k·ω_i, whatever pos is.</source>
        <translation>在 {d} 个维度上 max |PE({pos}+{k}) − M_{k}·PE({pos})| = {error}（float32 舍入：模型用 float32 存储 PE）。每个 2×2 块把一对 (sin, cos) 旋转角度 k·ω_i，与 pos 无关。</translation>
    </message>
    <message>
        <source>For the least-squares fit choose k from 1 to {k_max} and pos + k below {n} (the table has {n} positions).</source>
        <translation>最小二乘拟合请选 1 到 {k_max} 之间的 k，并使 pos + k 小于 {n}（这张表有 {n} 个位置）。</translation>
    </message>
    <message>
        <source>least-squares M_{k}</source>
        <translation>最小二乘 M_{k}</translation>
    </message>
    <message>
        <source>least-squares M_{k}: top-left {n}×{n} of {d}×{d}</source>
        <translation>最小二乘 M_{k}：{d}×{d} 的左上角 {n}×{n}</translation>
    </message>
    <message>
        <source>P[{shifted}] and M_{k}·P[{pos}]</source>
        <translation>P[{shifted}] 与 M_{k}·P[{pos}]</translation>
    </message>
    <message>
        <source>fitted</source>
        <translation>参与拟合的位置</translation>
    </message>
    <message>
        <source>held out</source>
        <translation>留出的位置</translation>
    </message>
    <message>
        <source>not fitted</source>
        <translation>未参与拟合的位置</translation>
    </message>
    <message>
        <source>pos {pos} is {seen}: ‖P[{shifted}] − M_{k}·P[{pos}]‖ / ‖P[{shifted}]‖ = {error}. Over every pos: {fitted} on the fitted (even) positions, {held} on the held-out (odd) ones.</source>
        <translation>pos {pos} 是{seen}：‖P[{shifted}] − M_{k}·P[{pos}]‖ / ‖P[{shifted}]‖ = {error}。对所有 pos：参与拟合的（偶数）位置上为 {fitted}，留出的（奇数）位置上为 {held}。</translation>
    </message>
    <message>
        <source> With {n} fitted positions for {d} dimensions any table fits those exactly, so only the held-out residual, beside the references, says something.</source>
        <translation>只有 {n} 个拟合位置而有 {d} 个维度，任何表都能在这些位置上被精确拟合，所以只有留出位置上的残差（与两条参照曲线对比）才说明问题。</translation>
    </message>
    <message>
        <source>The notes&apos; test on {name}&apos;s own {positions} positions: one M_k fitted by least squares on the even positions, judged on the odd ones it never saw — relative residual {model} at k = {k} (sinusoids of the same size: {sinusoids}; random vectors: {random}; 0 would be an exact linear relation).</source>
        <translation>笔记中的检验，用在 {name} 自己的 {positions} 个位置上：在偶数位置上用最小二乘拟合一个 M_k，再在它从未见过的奇数位置上检验——k = {k} 时相对残差为 {model}（同样大小的正弦表：{sinusoids}；随机向量：{random}；0 表示严格的线性关系）。</translation>
    </message>
    <message>
        <source>computing …</source>
        <translation>计算中 …</translation>
    </message>
    <message>
        <source>(the switch above sets PE; the rest of the model is unchanged)</source>
        <translation>（上面的开关控制 PE；模型其余部分不变）</translation>
    </message>
    <message>
        <source>attention rows: no repeated token</source>
        <translation>注意力行：没有重复的词元</translation>
    </message>
    <message>
        <source>No token occurs twice in «{sentence}»: type a sentence with a repeated character, e.g. 他和他的她.</source>
        <translation>«{sentence}» 中没有出现两次的词元：请输入一个有重复字的句子，例如 他和他的她。</translation>
    </message>
    <message>
        <source>attention rows of {p} and {q}, layer {layer}, mean of heads</source>
        <translation>位置 {p} 和 {q} 的注意力行，第 {layer} 层，各头平均</translation>
    </message>
    <message>
        <source>{token} at {positions}</source>
        <translation>{token} 在位置 {positions}</translation>
    </message>
    <message>
        <source>max |Δ| = {out} in the layer outputs even without positions: behind the causal mask each copy sees a different prefix, so a decoder-only model tells them apart by the mask alone.</source>
        <translation>即使没有位置信息，层输出的 max |Δ| 也有 {out}：在因果掩码下，每次出现看到的前缀不同，所以只有解码器的模型单靠掩码就能区分它们。</translation>
    </message>
    <message>
        <source>max |Δ| = 0 exactly, at every layer, for the outputs and the attention rows: attention alone cannot tell them apart.</source>
        <translation>每一层的输出和注意力行都恰好 max |Δ| = 0：单靠注意力无法区分它们。</translation>
    </message>
    <message>
        <source>max |Δ| = {worst}: identical up to float32 rounding (the matrix kernel adds these rows in a different order) — attention alone cannot tell them apart.</source>
        <translation>max |Δ| = {worst}：在 float32 舍入范围内完全相同（矩阵运算以不同顺序累加这些行）—— 单靠注意力无法区分它们。</translation>
    </message>
    <message>
        <source>max |Δ| = {out} in the layer outputs, {att} in the attention rows: their positions make them different.</source>
        <translation>层输出的 max |Δ| = {out}，注意力行的 = {att}：是位置让它们不同。</translation>
    </message>
    <message>
        <source>Positional encoding ON. Repeated: {which}. {verdict}</source>
        <translation>位置编码：开。重复：{which}。{verdict}</translation>
    </message>
    <message>
        <source>Positional encoding OFF. Repeated: {which}. {verdict}</source>
        <translation>位置编码：关。重复：{which}。{verdict}</translation>
    </message>
</context>
<context>
    <name>RecurrenceLab</name>
    <message>
        <source>random vectors</source>
        <translation>随机向量</translation>
    </message>
    <message>
        <source>the sentence&apos;s input vectors</source>
        <translation>句子的输入向量</translation>
    </message>
    <message>
        <source>self-attention</source>
        <translation>自注意力</translation>
    </message>
    <message>
        <source>steps that must run one after another</source>
        <translation>必须依次执行的步数</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>sequence length L</source>
        <translation>序列长度 L</translation>
    </message>
    <message>
        <source>multiply-adds of one forward pass</source>
        <translation>一次前向计算的乘加次数</translation>
    </message>
    <message>
        <source>multiply-adds</source>
        <translation>乘加次数</translation>
    </message>
    <message>
        <source>wall time of one forward pass (fastest run; bar: to the median)</source>
        <translation>一次前向计算的实际耗时（最快的一次；竖线：到中位数）</translation>
    </message>
    <message>
        <source>milliseconds</source>
        <translation>毫秒</translation>
    </message>
    <message>
        <source>how much x₀ still moves h_t</source>
        <translation>x₀ 对 h_t 还有多大影响</translation>
    </message>
    <message>
        <source>position t</source>
        <translation>位置 t</translation>
    </message>
    <message>
        <source>LSTM (L steps too)</source>
        <translation>LSTM（同样 L 步）</translation>
    </message>
    <message>
        <source>RNN and LSTM against self-attention, the same width d</source>
        <translation>RNN、LSTM 与自注意力对比，宽度 d 相同</translation>
    </message>
    <message>
        <source>inputs</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>sentence</source>
        <translation>句子</translation>
    </message>
    <message>
        <source>width d</source>
        <translation>宽度 d</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>computing the gradient curves …</source>
        <translation>正在计算梯度曲线 …</translation>
    </message>
    <message>
        <source>exact: all d directions of x₀</source>
        <translation>精确：x₀ 的全部 d 个方向</translation>
    </message>
    <message>
        <source>norm estimated from {n} random orthonormal directions of x₀, seed {seed}</source>
        <translation>范数由 x₀ 的 {n} 个随机正交方向估计，随机种子 {seed}</translation>
    </message>
    <message>
        <source>Inputs: {source}. ‖∂h_{last}/∂x₀‖ ÷ ‖∂h_1/∂x₀‖: {ratios}. Computed in {ms} ms (forward-mode derivatives, float64; {exact}). The RNN multiplies by W_hh and tanh′ at every step, so x₀&apos;s influence shrinks geometrically; the LSTM&apos;s cell carries it through the forget gate, more slowly; attention reaches x₀ from every t in one step (path length 1).</source>
        <translation>输入：{source}。‖∂h_{last}/∂x₀‖ ÷ ‖∂h_1/∂x₀‖：{ratios}。用时 {ms} 毫秒（前向模式求导，float64；{exact}）。RNN 每一步都乘以 W_hh 和 tanh′，所以 x₀ 的影响按几何级数衰减；LSTM 的细胞状态经由遗忘门传递它，衰减得慢一些；注意力从每个 t 一步就能到达 x₀（路径长度为 1）。</translation>
    </message>
    <message>
        <source>The lesson: a recurrence needs L steps one after another (h_t waits for h_t−1), attention one step of matrix products, which parallel hardware runs at once; attention&apos;s work grows as L² (at L = {L}, d = {d}: {macs} multiply-adds). Wall time, measured now on this machine (batch 1, float32, {threads} CPU thread(s)): the fastest of {runs} or more runs, the bar up to their median. At short L fixed costs per call (Python, launching each kernel) dominate, so which model is fastest there says little about the architectures; and a CPU with {threads} thread(s) runs little in parallel, so attention&apos;s single step does not turn into a {L}-fold speed-up here.</source>
        <translation>要点：循环结构需要依次执行 L 步（h_t 要等 h_t−1），注意力只需一步矩阵乘法，并行硬件可以一次算完；但注意力的计算量按 L² 增长（L = {L}、d = {d} 时：{macs} 次乘加）。实际耗时是刚才在这台机器上测的（批大小 1，float32，{threads} 个 CPU 线程）：取至少 {runs} 次运行中最快的一次，竖线延伸到中位数。L 较短时，每次调用的固定开销（Python、启动每个内核）占主导，所以那里谁最快说明不了架构的优劣；而且 {threads} 个线程的 CPU 几乎不能并行，所以注意力的一步在这里变不成 {L} 倍的加速。</translation>
    </message>
    <message>
        <source>{ablations} — the inputs come from the translator&apos;s embeddings, but none of its layers runs here.</source>
        <translation>{ablations} —— 输入来自翻译模型的嵌入，但它的任何一层都不在这里运行。</translation>
    </message>
    <message>
        <source>{ablations} — this lab does not run the translator.</source>
        <translation>{ablations} —— 本实验不运行翻译模型。</translation>
    </message>
    <message>
        <source>Weights: random initialisation (PyTorch&apos;s defaults), seed {seed}, untrained — nn.RNN (tanh), nn.LSTM and one single-head self-attention layer (the app&apos;s MultiHeadAttention, no mask), all of width {width}.</source>
        <translation>权重：随机初始化（PyTorch 的默认方式），随机种子 {seed}，未经训练 —— nn.RNN（tanh）、nn.LSTM 和一个单头自注意力层（本程序的 MultiHeadAttention，无掩码），宽度都是 {width}。</translation>
    </message>
</context>
<context>
    <name>StageView</name>
    <message>
        <source>one matrix, large — Esc or double-click: back to the whole view</source>
        <extracomment>stage kinds this view shows</extracomment>
        <translation>放大的单个矩阵 —— 按 Esc 或双击：回到完整视图</translation>
    </message>
</context>
<context>
    <name>TokenChips</name>
    <message>
        <source>“{token}” is not in the model&apos;s vocabulary: the model reads it as &lt;unk&gt; (one shared &apos;unknown&apos; embedding), so it cannot tell it from any other unknown character.</source>
        <extracomment>called with a chip&apos;s index when it is clicked (BERT&apos;s window: mask that token); None: no action</extracomment>
        <translation>“{token}”不在模型的词表中：模型把它读作 &lt;unk&gt;（所有未知字共用一个嵌入），因此无法把它和其他未知字区分开。</translation>
    </message>
    <message>
        <source>token {i}: {token} (a special token of the model, not a word)</source>
        <translation>词元 {i}：{token}（模型的特殊词元，不是词）</translation>
    </message>
    <message>
        <source>token {i}: {token}</source>
        <translation>词元 {i}：{token}</translation>
    </message>
</context>
<context>
    <name>TraceWorker</name>
    <message>
        <source>internal error: {error}</source>
        <translation>内部错误：{error}</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>Target:</source>
        <translation>目标：</translation>
    </message>
    <message>
        <source>type the English target (empty: the model&apos;s own translation)</source>
        <translation>输入英文目标句（留空：用模型自己的译文）</translation>
    </message>
    <message>
        <source>Use the model&apos;s translation</source>
        <translation>使用模型的译文</translation>
    </message>
    <message>
        <source>fill in the model&apos;s greedy translation</source>
        <translation>填入模型的贪心译文</translation>
    </message>
    <message>
        <source>no causal mask</source>
        <translation>无因果掩码</translation>
    </message>
    <message>
        <source>switch the decoder&apos;s causal mask off: position t may read the tokens after it</source>
        <translation>关闭解码器的因果掩码：位置 t 可以读到它后面的词元</translation>
    </message>
    <message>
        <source>QKᵀ/√d_k (before M)</source>
        <translation>QKᵀ/√d_k（加 M 之前）</translation>
    </message>
    <message>
        <source>score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>score + M</source>
        <translation>得分 + M</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>(a FUTURE token)</source>
        <translation>（一个“未来”词元）</translation>
    </message>
    <message>
        <source>query {q} (position {r}), key {k} (position {c}){future} — {what}: {value}</source>
        <translation>查询 {q}（位置 {r}），键 {k}（位置 {c}）{future} —— {what}：{value}</translation>
    </message>
    <message>
        <source>M (layer {layer})</source>
        <translation>M（第 {layer} 层）</translation>
    </message>
    <message>
        <source>M: off (all 0)</source>
        <translation>M：关闭（全为 0）</translation>
    </message>
    <message>
        <source>QKᵀ/√d_k (head {head})</source>
        <translation>QKᵀ/√d_k（头 {head}）</translation>
    </message>
    <message>
        <source>+ M (no mask)</source>
        <translation>+ M（无掩码）</translation>
    </message>
    <message>
        <source>softmax: &lt;span style=&apos;color:#e8452c&apos;&gt;reads the FUTURE&lt;/span&gt;</source>
        <translation>softmax：&lt;span style=&apos;color:#e8452c&apos;&gt;读到了未来&lt;/span&gt;</translation>
    </message>
    <message>
        <source>query</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#2e8b57&apos;&gt;identical&lt;/b&gt; (float rounding)</source>
        <translation>&lt;b style=&apos;color:#2e8b57&apos;&gt;相同&lt;/b&gt;（浮点舍入范围内）</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#c0392b&apos;&gt;different&lt;/b&gt;</source>
        <translation>&lt;b style=&apos;color:#c0392b&apos;&gt;不同&lt;/b&gt;</translation>
    </message>
    <message>
        <source>without the causal mask</source>
        <translation>不用因果掩码</translation>
    </message>
    <message>
        <source>with the causal mask</source>
        <translation>使用因果掩码</translation>
    </message>
    <message>
        <source>Teacher forcing {mask} vs inference steps 0…{last} forced along the same tokens: every decoder self- and cross-attention weight over the same prefix is {verdict}: max |Δ| = {delta}.</source>
        <translation>教师强制（{mask}）对比沿相同词元强制解码的推理第 0…{last} 步：同一前缀上解码器每个自注意力和交叉注意力权重都{verdict}：max |Δ| = {delta}。</translation>
    </message>
    <message>
        <source>Without the mask each position read tokens that inference has not written yet.</source>
        <translation>没有掩码时，每个位置都读到了推理时还没写出的词元。</translation>
    </message>
    <message>
        <source>reads</source>
        <translation>读入</translation>
    </message>
    <message>
        <source>next</source>
        <translation>下一个</translation>
    </message>
    <message>
        <source>P mask</source>
        <translation>P 有掩码</translation>
    </message>
    <message>
        <source>P no mask</source>
        <translation>P 无掩码</translation>
    </message>
    <message>
        <source>P(the target&apos;s next token)</source>
        <translation>P(目标的下一个词元)</translation>
    </message>
    <message>
        <source>red: the mask changes it by more than 0.05</source>
        <translation>红色：掩码使它变化超过 0.05</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>loading PyTorch, the model and the window …</source>
        <translation>正在加载 PyTorch、模型和窗口 …</translation>
    </message>
</context>
<context>
    <name>descriptions</name>
    <message>
        <source>Self-attention</source>
        <extracomment>model-map block → (the name inside a layer, the full name): the stage list says &quot;Decoder 0 · Masked self-attention&quot;, a figure, the overview and the labs &quot;Decoder masked self-attention&quot;</extracomment>
        <translation>自注意力</translation>
    </message>
    <message>
        <source>Encoder self-attention</source>
        <translation>编码器自注意力</translation>
    </message>
    <message>
        <source>Masked self-attention</source>
        <translation>掩码自注意力</translation>
    </message>
    <message>
        <source>Decoder masked self-attention</source>
        <translation>解码器掩码自注意力</translation>
    </message>
    <message>
        <source>Cross-attention</source>
        <translation>交叉注意力</translation>
    </message>
    <message>
        <source>Decoder cross-attention</source>
        <translation>解码器交叉注意力</translation>
    </message>
    <message>
        <source>source</source>
        <extracomment>core.architecture&apos;s attention kinds → the block they draw as</extracomment>
        <translation>源</translation>
    </message>
    <message>
        <source>target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>query ({side})</source>
        <translation>查询（{side}）</translation>
    </message>
    <message>
        <source>key ({side})</source>
        <translation>键（{side}）</translation>
    </message>
    <message>
        <source>X (decoder → Q; K, V: encoder out)</source>
        <translation>X（解码器 → Q；K、V：编码器输出）</translation>
    </message>
    <message>
        <source>X  (→ Q, K, V)</source>
        <translation>X （→ Q, K, V）</translation>
    </message>
    <message>
        <source>÷ √d_k switched off</source>
        <translation>÷ √d_k 已关闭</translation>
    </message>
    <message>
        <source>+ M  (masked: −∞)</source>
        <translation>+ M （被掩码：−∞）</translation>
    </message>
    <message>
        <source>+ M  (nothing masked)</source>
        <translation>+ M （没有被掩码的）</translation>
    </message>
    <message>
        <source>Z{h} = 0: head {head} switched off</source>
        <translation>Z{h} = 0：头 {head} 已关闭</translation>
    </message>
    <message>
        <source>{name}, step by step</source>
        <translation>{name}，逐步计算</translation>
    </message>
    <message>
        <source>head {head} (off: Z = 0)</source>
        <translation>头 {head}（关闭：Z = 0）</translation>
    </message>
    <message>
        <source>head {head}</source>
        <translation>头 {head}</translation>
    </message>
    <message>
        <source>  (head {head}: columns {first}…{last})</source>
        <translation>  （头 {head}：第 {first}…{last} 列）</translation>
    </message>
    <message>
        <source>positional encoding PE(pos, 2i) = sin(pos/10000^(2i/d)), PE(pos, 2i+1) = cos(…)</source>
        <translation>位置编码 PE(pos, 2i) = sin(pos/10000^(2i/d))，PE(pos, 2i+1) = cos(…)</translation>
    </message>
    <message>
        <source>positional encoding: sin(pos/10000^(2i/d)) in the first half of the dimensions, cos(…) in the second</source>
        <translation>位置编码：前一半维度是 sin(pos/10000^(2i/d))，后一半是 cos(…)</translation>
    </message>
    <message>
        <source>learned positions: row pos of the trained position table</source>
        <translation>学习得到的位置：训练好的位置表的第 pos 行</translation>
    </message>
    <message>
        <source>no positional encoding</source>
        <translation>无位置编码</translation>
    </message>
    <message>
        <source>self-attention</source>
        <translation>自注意力</translation>
    </message>
    <message>
        <source>cross-attention</source>
        <translation>交叉注意力</translation>
    </message>
    <message>
        <source>feed-forward</source>
        <translation>前馈网络</translation>
    </message>
    <message>
        <source>encoder</source>
        <translation>编码器</translation>
    </message>
    <message>
        <source>decoder</source>
        <translation>解码器</translation>
    </message>
    <message>
        <source>token type</source>
        <translation>词元类型</translation>
    </message>
    <message>
        <source>token embedding{scale}  (tokens × d_model = {n} × {d})</source>
        <translation>词嵌入{scale}  （词元 × d_model = {n} × {d}）</translation>
    </message>
    <message>
        <source>Embedding(token){scale}: row i is token i&apos;s learned vector  (tokens × d_model = {n} × {d}; no position yet: next stage)</source>
        <translation>Embedding(词元){scale}：第 i 行是词元 i 学到的向量  （词元 × d_model = {n} × {d}；还没有位置：见下一阶段）</translation>
    </message>
    <message>
        <source>X = embedding{scale} + PE{extra}  (the {stack}&apos;s input, before its LayerNorm)</source>
        <translation>X = 嵌入{scale} + PE{extra}  （{stack}的输入，在其层归一化之前）</translation>
    </message>
    <message>
        <source>X = embedding{scale} + PE{extra}  (the {stack}&apos;s input)</source>
        <translation>X = 嵌入{scale} + PE{extra}  （{stack}的输入）</translation>
    </message>
    <message>
        <source>x (the last layer&apos;s output)</source>
        <translation>x（最后一层的输出）</translation>
    </message>
    <message>
        <source>LayerNorm(x) (final)</source>
        <translation>LayerNorm(x)（最终）</translation>
    </message>
    <message>
        <source>x (residual input)</source>
        <translation>x（残差输入）</translation>
    </message>
    <message>
        <source>Sublayer(LayerNorm(x)) = {sub} output</source>
        <translation>Sublayer(LayerNorm(x)) = {sub}的输出</translation>
    </message>
    <message>
        <source>x + Sublayer(LayerNorm(x)) (the layer goes on with it)</source>
        <translation>x + Sublayer(LayerNorm(x))（这一层接着用它）</translation>
    </message>
    <message>
        <source>LayerNorm(x) → {sub} input</source>
        <translation>LayerNorm(x) → {sub}的输入</translation>
    </message>
    <message>
        <source>Sublayer(x) = {sub} output</source>
        <translation>Sublayer(x) = {sub}的输出</translation>
    </message>
    <message>
        <source>x (input, tokens × d_model)</source>
        <translation>x（输入，词元 × d_model）</translation>
    </message>
    <message>
        <source>{act}(x W₁ + b₁)  (tokens × d_ff = {rows} × {cols}): {zeros:.0%} of the units are zero</source>
        <translation>{act}(x W₁ + b₁)  （词元 × d_ff = {rows} × {cols}）：{zeros:.0%} 的单元为零</translation>
    </message>
    <message>
        <source>FFN(x) = {act}(x W₁ + b₁) W₂ + b₂</source>
        <translation>FFN(x) = {act}(x W₁ + b₁) W₂ + b₂</translation>
    </message>
    <message>
        <source>softmax(logits): P(word at the position)  — the {n} likeliest words</source>
        <translation>softmax(logits)：P(该位置的词)  —— 最可能的 {n} 个词</translation>
    </message>
    <message>
        <source>softmax(logits): P(next word)  — the {n} likeliest words</source>
        <translation>softmax(logits)：P(下一个词)  —— 最可能的 {n} 个词</translation>
    </message>
    <message>
        <source>logits = {stack} output · W + b  — the same {n} words</source>
        <translation>logits = {stack}输出 · W + b  —— 同样的 {n} 个词</translation>
    </message>
    <message>
        <source>top 10 at “{token}” (position {position}): {what} — click a row to choose</source>
        <translation>“{token}”处（位置 {position}）的前 10 个：{what} —— 点击一行来选择</translation>
    </message>
    <message>
        <source>top 10 next words after “{token}” (position {position}): {what} — click a row to choose</source>
        <translation>“{token}”（位置 {position}）之后的前 10 个下一个词：{what} —— 点击一行来选择</translation>
    </message>
    <message>
        <source>top 10 next tokens after “{token}” (position {position}): {what} — click a row to choose</source>
        <translation>“{token}”（位置 {position}）之后的前 10 个下一个词元：{what} —— 点击一行来选择</translation>
    </message>
    <message>
        <source>position {position} (“{token}”), the word there {word} — {what}: {value}</source>
        <translation>位置 {position}（“{token}”），该处的词 {word} —— {what}：{value}</translation>
    </message>
    <message>
        <source>position {position} (after {token}), next word {word} — {what}: {value}</source>
        <translation>位置 {position}（在 {token} 之后），下一个词 {word} —— {what}：{value}</translation>
    </message>
    <message>
        <source>position {position} (after {token}), next token {word} — {what}: {value}</source>
        <translation>位置 {position}（在 {token} 之后），下一个词元 {word} —— {what}：{value}</translation>
    </message>
    <message>
        <source>position (the word it fills in)</source>
        <translation>位置（它要填的词）</translation>
    </message>
    <message>
        <source>word</source>
        <translation>词</translation>
    </message>
    <message>
        <source>decoder input → predicted</source>
        <translation>解码器输入 → 预测</translation>
    </message>
    <message>
        <source>next word</source>
        <translation>下一个词</translation>
    </message>
</context>
<context>
    <name>export</name>
    <message>
        <source>internal error writing {path}: {error}</source>
        <translation>写入 {path} 时出现内部错误：{error}</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>SVG vector figure (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>CSV: the matrix with token headers (*.csv)</source>
        <translation>CSV：带词元表头的矩阵 (*.csv)</translation>
    </message>
    <message>
        <source>1× (96 dpi, screen)</source>
        <extracomment>PNG resolutions offered: label → (scale, dpi)</extracomment>
        <translation>1×（96 dpi，屏幕）</translation>
    </message>
    <message>
        <source>2× (192 dpi, slides)</source>
        <translation>2×（192 dpi，幻灯片）</translation>
    </message>
    <message>
        <source>300 dpi (print)</source>
        <translation>300 dpi（打印）</translation>
    </message>
    <message>
        <source>Export figure</source>
        <translation>导出图</translation>
    </message>
    <message>
        <source>PNG resolution</source>
        <translation>PNG 分辨率</translation>
    </message>
    <message>
        <source>Size of the PNG:</source>
        <translation>PNG 的尺寸：</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Export this view as PNG, SVG, PDF or CSV</source>
        <translation>把这个视图导出为 PNG、SVG、PDF 或 CSV</translation>
    </message>
    <message>
        <source>PNG image, 2× (*.png)</source>
        <translation>PNG 图片，2× (*.png)</translation>
    </message>
    <message>
        <source>cannot export a view as {format}: choose png, svg or pdf</source>
        <translation>无法把视图导出为 {format}：请选 png、svg 或 pdf</translation>
    </message>
    <message>
        <source>Export view</source>
        <translation>导出视图</translation>
    </message>
    <message>
        <source>Export view…</source>
        <translation>导出视图…</translation>
    </message>
    <message>
        <source>{format} is not a vector format: choose svg or pdf</source>
        <translation>{format} 不是矢量格式：请选 svg 或 pdf</translation>
    </message>
    <message>
        <source>cannot export a figure as {format}: choose one of png, svg, pdf, csv</source>
        <translation>无法把图导出为 {format}：请选 png、svg、pdf、csv 之一</translation>
    </message>
    <message>
        <source>cannot write {path}: it is a folder</source>
        <translation>无法写入 {path}：它是一个文件夹</translation>
    </message>
    <message>
        <source>cannot write {path}: {reason}</source>
        <translation>无法写入 {path}：{reason}</translation>
    </message>
</context>
<context>
    <name>headless</name>
    <message>
        <source>{folder} exists and is not an earlier export: choose a new folder (Export all replaces the folder it writes)</source>
        <translation>{folder} 已存在，且不是之前导出的结果：请选一个新文件夹（“全部导出”会替换它写入的文件夹）</translation>
    </message>
</context>
<context>
    <name>labs</name>
    <message>
        <source>Positional encoding lab</source>
        <translation>位置编码实验</translation>
    </message>
    <message>
        <source>Ablations &amp; scaling lab</source>
        <translation>消融与缩放实验</translation>
    </message>
    <message>
        <source>RNN vs attention lab</source>
        <translation>RNN 与注意力对比实验</translation>
    </message>
    <message>
        <source>Attention forming lab</source>
        <translation>注意力形成实验</translation>
    </message>
    <message>
        <source>Ablations on: none</source>
        <translation>已开启的消融：无</translation>
    </message>
    <message>
        <source>positional encoding off</source>
        <translation>关闭位置编码</translation>
    </message>
    <message>
        <source>÷√d_k scaling off</source>
        <translation>关闭 ÷√d_k 缩放</translation>
    </message>
    <message>
        <source>causal mask off</source>
        <translation>关闭因果掩码</translation>
    </message>
    <message>
        <source>heads zeroed: {heads}</source>
        <translation>置零的头：{heads}</translation>
    </message>
    <message>
        <source>Ablations on: {ablations}</source>
        <translation>已开启的消融：{ablations}</translation>
    </message>
    <message>
        <source>internal error: {error}</source>
        <translation>内部错误：{error}</translation>
    </message>
</context>
<context>
    <name>pickers</name>
    <message>
        <source>layer {}</source>
        <translation>第 {} 层</translation>
    </message>
    <message>
        <source>average of heads</source>
        <translation>各头平均</translation>
    </message>
    <message>
        <source>head {}</source>
        <translation>头 {}</translation>
    </message>
</context>
<context>
    <name>session_io</name>
    <message>
        <source>unknown lesson page {page}</source>
        <translation>未知的课程页 {page}</translation>
    </message>
    <message>
        <source>this model&apos;s decoding panel has no {strategy} strategy</source>
        <translation>这个模型的解码面板没有 {strategy} 策略</translation>
    </message>
    <message>
        <source>stage {stage} layer {layer} does not exist in this model</source>
        <translation>这个模型里没有阶段 {stage} 的第 {layer} 层</translation>
    </message>
</context>
<context>
    <name>specs</name>
    <message>
        <source>model: {model}</source>
        <extracomment>every --view name (README / --help list these) → the model-map block of the window&apos;s stage it draws, and what that is. A name draws that stage as its view on screen does and as the window&apos;s Export current view writes it (stage_spec): an attention block&apos;s All heads tab, or with --head its Pipeline tab; the old names stay as aliases (embed.src and pe.src: the stage that adds the positions). the views of a pre-LN decoder&apos;s LayerNorms (GPT-2&apos;s stages; not in a translation model&apos;s trace) BERT&apos;s masked-LM head: the same two views under its model-map names the names that draw one head&apos;s pipeline even without --head (head 0)</extracomment>
        <translation>模型：{model}</translation>
    </message>
    <message>
        <source>heads off: {heads}</source>
        <translation>关闭的头：{heads}</translation>
    </message>
    <message>
        <source>ablations: {ablations}</source>
        <translation>消融：{ablations}</translation>
    </message>
    <message>
        <source>(step {step} of {n}; the greedy translation: “{translation}”)</source>
        <translation>（第 {step} 步，共 {n} 步；贪心译文：“{translation}”）</translation>
    </message>
    <message>
        <source>(step {step}, decoding)</source>
        <translation>（第 {step} 步，解码中）</translation>
    </message>
    <message>
        <source>encoder layer {layer}</source>
        <translation>编码器第 {layer} 层</translation>
    </message>
    <message>
        <source>decoder layer {layer}</source>
        <translation>解码器第 {layer} 层</translation>
    </message>
    <message>
        <source>, head {head}</source>
        <translation>，头 {head}</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>head {head}</source>
        <translation>头 {head}</translation>
    </message>
    <message>
        <source>, all {n} heads</source>
        <translation>，全部 {n} 个头</translation>
    </message>
    <message>
        <source>every layer × head</source>
        <translation>每一层 × 每个头</translation>
    </message>
    <message>
        <source>layer {layer}</source>
        <translation>第 {layer} 层</translation>
    </message>
    <message>
        <source>[colour bar]</source>
        <translation>[色条]</translation>
    </message>
    <message>
        <source>(each panel on its own colour scale, its range in brackets; the bar: the softmax weights)</source>
        <translation>（每个面板用自己的色标，范围写在方括号里；色条：softmax 权重）</translation>
    </message>
    <message>
        <source>token (rows of each panel)</source>
        <translation>词元（每个面板的行）</translation>
    </message>
    <message>
        <source>(heads); dimension (Concat, W_O)</source>
        <translation>（各头）；维度（拼接，W_O）</translation>
    </message>
    <message>
        <source>Concat · W_O (their own colour scales, ranges in brackets)</source>
        <translation>拼接 · W_O（各用自己的色标，范围在方括号里）</translation>
    </message>
    <message>
        <source>token</source>
        <translation>词元</translation>
    </message>
    <message>
        <source>value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>dimension i of d_model</source>
        <translation>d_model 的第 i 维</translation>
    </message>
    <message>
        <source>hidden unit of d_ff</source>
        <translation>d_ff 的隐藏单元</translation>
    </message>
    <message>
        <source>hidden activation (x and FFN(x): ranges in brackets)</source>
        <translation>隐藏层激活（x 和 FFN(x)：范围在方括号里）</translation>
    </message>
    <message>
        <source>dimension</source>
        <translation>维度</translation>
    </message>
    <message>
        <source>{what}: every layer × head</source>
        <translation>{what}：每一层 × 每个头</translation>
    </message>
    <message>
        <source>(forced)</source>
        <translation>（强制）</translation>
    </message>
    <message>
        <source>&lt;b&gt;step {i}/{n}&lt;/b&gt;: writes “{word}”{forced}, P = {p}</source>
        <translation>&lt;b&gt;第 {i}/{n} 步&lt;/b&gt;：写出“{word}”{forced}，P = {p}</translation>
    </message>
</context>
<context>
    <name>stages</name>
    <message>
        <source>Encoder</source>
        <translation>编码器</translation>
    </message>
    <message>
        <source>Decoder</source>
        <translation>解码器</translation>
    </message>
    <message>
        <source>Feed-forward</source>
        <translation>前馈网络</translation>
    </message>
    <message>
        <source>LayerNorm (before {sublayer})</source>
        <translation>层归一化（在{sublayer}之前）</translation>
    </message>
    <message>
        <source>Add &amp; Norm</source>
        <translation>残差与层归一化</translation>
    </message>
    <message>
        <source>Input embedding</source>
        <translation>输入嵌入</translation>
    </message>
    <message>
        <source>Output embedding (shifted right)</source>
        <translation>输出嵌入（右移一位）</translation>
    </message>
    <message>
        <source>Token embedding</source>
        <translation>词嵌入</translation>
    </message>
    <message>
        <source>Output embedding</source>
        <translation>输出嵌入</translation>
    </message>
    <message>
        <source>positional encoding</source>
        <translation>位置编码</translation>
    </message>
    <message>
        <source>sinusoidal positions (sin | cos halves)</source>
        <translation>正弦位置编码（sin | cos 各占一半）</translation>
    </message>
    <message>
        <source>learned positions</source>
        <translation>学习得到的位置</translation>
    </message>
    <message>
        <source>no positions</source>
        <translation>无位置信息</translation>
    </message>
    <message>
        <source>token type</source>
        <translation>词元类型</translation>
    </message>
    <message>
        <source>{stack} {layer} · {sublayer}</source>
        <translation>{stack}第 {layer} 层 · {sublayer}</translation>
    </message>
    <message>
        <source>{stack} · final LayerNorm</source>
        <translation>{stack} · 最终层归一化</translation>
    </message>
    <message>
        <source>Linear (masked-LM logits)</source>
        <translation>线性层（掩码语言模型的 logits）</translation>
    </message>
    <message>
        <source>Linear (logits over the vocabulary)</source>
        <translation>线性层（词表上的 logits）</translation>
    </message>
    <message>
        <source>Softmax (output probabilities)</source>
        <translation>Softmax（输出概率）</translation>
    </message>
</context>
</TS>
