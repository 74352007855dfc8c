// What an AWS SDK error says, for the stage patch's provider and the live-stage read. A module of its
// own, free of the SDK, so that reading a stage loads the SDK only when it reads (liveStageRead.ts).

export function errorName(error: unknown): string | undefined {
    return (error as { name?: string } | undefined)?.name;
}

export function errorText(error: unknown): string {
    const e = error as { name?: string; message?: string };
    return `${e?.name ?? "Error"}: ${e?.message ?? String(error)}`;
}
