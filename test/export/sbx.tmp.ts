import { createSandbox } from '/work/main/core/manage/sandbox/index.ts';
const s = await createSandbox({ port: 18765 });
console.log(s.url);
setInterval(() => {}, 1 << 30);
