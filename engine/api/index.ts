/** The engine behind the UI: the contract and its implementation (transports live elsewhere). */
export * from './contract.js';
export { createApi, flowNameFor, type Api, type ApiDependencies, type ApiEditor, type ApiHandlers, type FlowTemplate } from './create-api.js';
export { defaultEditor } from './editor-bindings.js';
