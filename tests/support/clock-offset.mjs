// Loaded with --import into a server process: its clock runs CLOCK_OFFSET_MS ahead (or behind), as a badly set machine's would.
const offset = Number(process.env.CLOCK_OFFSET_MS ?? 0);
const realNow = Date.now.bind(Date);
Date.now = () => realNow() + offset;
