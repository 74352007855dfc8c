// What tools/declarations.ts's TypeScript program sees of @pulumi/aws. The generator reads only this
// project's argument interfaces, and of @pulumi/aws they name one class (`existingStage`'s Stage);
// its real declarations are thousands of files, about five seconds to parse at every generate and
// test run. Everything else the library's code imports from it stays unresolved, which the
// generator never asks about.
export declare namespace apigateway {
    class Stage {
        readonly stageName: unknown;
    }
}
