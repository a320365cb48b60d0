/*
 * Method -> type maps for every request and notification.
 * Generated from the app-server JSON Schema of @openai/codex 0.171.0 (schema/). Do not edit:
 * run `npm run bump-runtime -- <version>` to change the runtime, or `npm run generate-types` after a codegen/ change.
 */

import type * as P from "./protocol.js";

/**
 * Every client -> server request: method name -> `{ params, result }`.
 * Paramless methods have `params: undefined`; methods whose params may be omitted take `X | null | undefined`.
 */
export interface ClientRequestMap {
  "initialize": { params: P.InitializeParams; result: P.InitializeResponse };
  /**
   * Read content-free, process-local diagnostics.
   *
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "server/diagnostics": { params: P.ServerDiagnosticsParams; result: P.ServerDiagnosticsResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "userVerification/status": { params: P.UserVerificationStatusParams; result: P.UserVerificationStatusResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "userVerification/enroll": { params: P.UserVerificationEnrollParams; result: P.UserVerificationEnrollResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "userVerification/delete": { params: P.UserVerificationDeleteParams; result: P.UserVerificationDeleteResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "userVerification/verify": { params: P.UserVerificationVerifyParams; result: P.UserVerificationVerifyResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "userVerification/cancel": { params: P.UserVerificationCancelParams; result: P.UserVerificationCancelResponse };
  "thread/start": { params: P.ThreadStartParams; result: P.ThreadStartResponse };
  "thread/resume": { params: P.ThreadResumeParams; result: P.ThreadResumeResponse };
  "thread/fork": { params: P.ThreadForkParams; result: P.ThreadForkResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/sample": { params: P.ThreadSampleParams; result: P.ThreadSampleResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/sample/cancel": { params: P.ThreadSampleCancelParams; result: P.ThreadSampleCancelResponse };
  "thread/archive": { params: P.ThreadArchiveParams; result: P.ThreadArchiveResponse };
  "thread/delete": { params: P.ThreadDeleteParams; result: P.ThreadDeleteResponse };
  "thread/unsubscribe": { params: P.ThreadUnsubscribeParams; result: P.ThreadUnsubscribeResponse };
  /**
   * Increment the thread-local out-of-band elicitation counter.
   *
   * This is used by external helpers to pause timeout accounting while a user approval or other elicitation is pending outside the app-server request flow.
   *
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/increment_elicitation": { params: P.ThreadIncrementElicitationParams; result: P.ThreadIncrementElicitationResponse };
  /**
   * Decrement the thread-local out-of-band elicitation counter.
   *
   * When the count reaches zero, timeout accounting resumes for the thread.
   *
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/decrement_elicitation": { params: P.ThreadDecrementElicitationParams; result: P.ThreadDecrementElicitationResponse };
  "thread/name/set": { params: P.ThreadSetNameParams; result: P.ThreadSetNameResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/prediction/request": { params: P.ThreadPredictionRequestParams; result: P.ThreadPredictionRequestResponse };
  "thread/goal/set": { params: P.ThreadGoalSetParams; result: P.ThreadGoalSetResponse };
  "thread/goal/get": { params: P.ThreadGoalGetParams; result: P.ThreadGoalGetResponse };
  "thread/goal/clear": { params: P.ThreadGoalClearParams; result: P.ThreadGoalClearResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/queue/add": { params: P.ThreadQueueAddParams; result: P.ThreadQueueAddResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/queue/list": { params: P.ThreadQueueListParams; result: P.ThreadQueueListResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/queue/update": { params: P.ThreadQueueUpdateParams; result: P.ThreadQueueUpdateResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/queue/delete": { params: P.ThreadQueueDeleteParams; result: P.ThreadQueueDeleteResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/queue/reorder": { params: P.ThreadQueueReorderParams; result: P.ThreadQueueReorderResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/queue/start": { params: P.ThreadQueueStartParams; result: P.ThreadQueueStartResponse };
  "thread/metadata/update": { params: P.ThreadMetadataUpdateParams; result: P.ThreadMetadataUpdateResponse };
  "thread/attachment/add": { params: P.ThreadAttachmentAddParams; result: P.ThreadAttachmentAddResponse };
  "thread/attachment/list": { params: P.ThreadAttachmentListParams; result: P.ThreadAttachmentListResponse };
  "thread/attachmentOwner/list": { params: P.ThreadAttachmentOwnerListParams; result: P.ThreadAttachmentOwnerListResponse };
  "thread/attachment/remove": { params: P.ThreadAttachmentRemoveParams; result: P.ThreadAttachmentRemoveResponse };
  "thread/section/move": { params: P.ThreadSectionMoveParams; result: P.ThreadSectionMoveResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/settings/update": { params: P.ThreadSettingsUpdateParams; result: P.ThreadSettingsUpdateResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/memoryMode/set": { params: P.ThreadMemoryModeSetParams; result: P.ThreadMemoryModeSetResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/memory/read": { params: P.ThreadMemoryReadParams; result: P.ThreadMemoryReadResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "memory/status": { params: P.MemoryStatusParams; result: P.MemoryStatusResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "memory/reset": { params: undefined; result: P.MemoryResetResponse };
  /**
   * Start a best-effort background compression pass for cold local rollouts.
   *
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "rollout/compress": { params: undefined; result: P.RolloutCompressResponse };
  "thread/unarchive": { params: P.ThreadUnarchiveParams; result: P.ThreadUnarchiveResponse };
  "thread/compact/start": { params: P.ThreadCompactStartParams; result: P.ThreadCompactStartResponse };
  "thread/shellCommand": { params: P.ThreadShellCommandParams; result: P.ThreadShellCommandResponse };
  "thread/approveGuardianDeniedAction": { params: P.ThreadApproveGuardianDeniedActionParams; result: P.ThreadApproveGuardianDeniedActionResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/backgroundTerminals/clean": { params: P.ThreadBackgroundTerminalsCleanParams; result: P.ThreadBackgroundTerminalsCleanResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/backgroundTerminals/list": { params: P.ThreadBackgroundTerminalsListParams; result: P.ThreadBackgroundTerminalsListResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/backgroundTerminals/terminate": { params: P.ThreadBackgroundTerminalsTerminateParams; result: P.ThreadBackgroundTerminalsTerminateResponse };
  "thread/revert": { params: P.ThreadRevertParams; result: P.ThreadRevertResponse };
  "thread/list": { params: P.ThreadListParams; result: P.ThreadListResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "project/list": { params: P.ProjectListParams; result: P.ProjectListResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "project/read": { params: P.ProjectReadParams; result: P.ProjectReadResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "project/create": { params: P.ProjectCreateParams; result: P.ProjectCreateResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "project/import": { params: P.ProjectImportParams; result: P.ProjectImportResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "project/update": { params: P.ProjectUpdateParams; result: P.ProjectUpdateResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "project/move": { params: P.ProjectMoveParams; result: P.ProjectMoveResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "project/delete": { params: P.ProjectDeleteParams; result: P.ProjectDeleteResponse };
  "threadSection/list": { params: P.ThreadSectionListParams; result: P.ThreadSectionListResponse };
  "threadSection/create": { params: P.ThreadSectionCreateParams; result: P.ThreadSectionCreateResponse };
  "threadSection/update": { params: P.ThreadSectionUpdateParams; result: P.ThreadSectionUpdateResponse };
  "threadSection/delete": { params: P.ThreadSectionDeleteParams; result: P.ThreadSectionDeleteResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/search": { params: P.ThreadSearchParams; result: P.ThreadSearchResponse };
  /**
   * Search with best-effort incremental `thread/search/partial` notifications. The final response is authoritative for results, ordering, and cursors.
   *
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/search/stream": { params: P.ThreadSearchParams; result: P.ThreadSearchResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/search/cancel": { params: P.ThreadSearchCancelParams; result: P.ThreadSearchCancelResponse };
  /**
   * Cancel a `thread/search/stream` request on this connection.
   *
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/search/stream/cancel": { params: P.ThreadSearchCancelParams; result: P.ThreadSearchCancelResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/searchOccurrences": { params: P.ThreadSearchOccurrencesParams; result: P.ThreadSearchOccurrencesResponse };
  "thread/loaded/list": { params: P.ThreadLoadedListParams; result: P.ThreadLoadedListResponse };
  "thread/read": { params: P.ThreadReadParams; result: P.ThreadReadResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/readState/update": { params: P.ThreadReadStateUpdateParams; result: P.ThreadReadStateUpdateResponse };
  "thread/turns/list": { params: P.ThreadTurnsListParams; result: P.ThreadTurnsListResponse };
  "thread/items/list": { params: P.ThreadItemsListParams; result: P.ThreadItemsListResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/items/read": { params: P.ThreadItemsReadParams; result: P.ThreadItemsReadResponse };
  /**
   * Review the idle thread's final injected exec_command without executing it.
   *
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/guardianReview": { params: P.ThreadGuardianReviewParams; result: P.ThreadGuardianReviewResponse };
  /**
   * Append raw Responses API items to the thread history without starting a user turn.
   */
  "thread/inject_items": { params: P.ThreadInjectItemsParams; result: P.ThreadInjectItemsResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/prepareApprovedPlan": { params: P.ThreadPrepareApprovedPlanParams; result: P.ThreadPrepareApprovedPlanResponse };
  "skills/list": { params: P.SkillsListParams; result: P.SkillsListResponse };
  "skills/extraRoots/set": { params: P.SkillsExtraRootsSetParams; result: P.SkillsExtraRootsSetResponse };
  "hooks/list": { params: P.HooksListParams; result: P.HooksListResponse };
  "marketplace/add": { params: P.MarketplaceAddParams; result: P.MarketplaceAddResponse };
  "marketplace/remove": { params: P.MarketplaceRemoveParams; result: P.MarketplaceRemoveResponse };
  "marketplace/upgrade": { params: P.MarketplaceUpgradeParams; result: P.MarketplaceUpgradeResponse };
  "plugin/list": { params: P.PluginListParams; result: P.PluginListResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "plugin/search": { params: P.PluginSearchParams; result: P.PluginSearchResponse };
  "plugin/installed": { params: P.PluginInstalledParams; result: P.PluginInstalledResponse };
  "plugin/reconcile": { params: P.PluginReconcileParams; result: P.PluginReconcileResponse };
  "plugin/read": { params: P.PluginReadParams; result: P.PluginReadResponse };
  "plugin/skill/read": { params: P.PluginSkillReadParams; result: P.PluginSkillReadResponse };
  "plugin/share/save": { params: P.PluginShareSaveParams; result: P.PluginShareSaveResponse };
  "plugin/share/updateTargets": { params: P.PluginShareUpdateTargetsParams; result: P.PluginShareUpdateTargetsResponse };
  "plugin/share/list": { params: P.PluginShareListParams; result: P.PluginShareListResponse };
  "plugin/share/checkout": { params: P.PluginShareCheckoutParams; result: P.PluginShareCheckoutResponse };
  "plugin/share/delete": { params: P.PluginShareDeleteParams; result: P.PluginShareDeleteResponse };
  "app/read": { params: P.AppsReadParams; result: P.AppsReadResponse };
  "app/list": { params: P.AppsListParams; result: P.AppsListResponse };
  "app/installed": { params: P.AppsInstalledParams; result: P.AppsInstalledResponse };
  "fs/readFile": { params: P.FsReadFileParams; result: P.FsReadFileResponse };
  "fs/writeFile": { params: P.FsWriteFileParams; result: P.FsWriteFileResponse };
  "fs/createDirectory": { params: P.FsCreateDirectoryParams; result: P.FsCreateDirectoryResponse };
  "fs/getMetadata": { params: P.FsGetMetadataParams; result: P.FsGetMetadataResponse };
  "fs/readDirectory": { params: P.FsReadDirectoryParams; result: P.FsReadDirectoryResponse };
  "fs/remove": { params: P.FsRemoveParams; result: P.FsRemoveResponse };
  "fs/copy": { params: P.FsCopyParams; result: P.FsCopyResponse };
  "fs/watch": { params: P.FsWatchParams; result: P.FsWatchResponse };
  "fs/unwatch": { params: P.FsUnwatchParams; result: P.FsUnwatchResponse };
  "skills/config/write": { params: P.SkillsConfigWriteParams; result: P.SkillsConfigWriteResponse };
  "plugin/install": { params: P.PluginInstallParams; result: P.PluginInstallResponse };
  "plugin/uninstall": { params: P.PluginUninstallParams; result: P.PluginUninstallResponse };
  "turn/start": { params: P.TurnStartParams; result: P.TurnStartResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "turn/settings/update": { params: P.TurnSettingsUpdateParams; result: P.TurnSettingsUpdateResponse };
  "turn/steer": { params: P.TurnSteerParams; result: P.TurnSteerResponse };
  "turn/interrupt": { params: P.TurnInterruptParams; result: P.TurnInterruptResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/realtime/start": { params: P.ThreadRealtimeStartParams; result: P.ThreadRealtimeStartResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/realtime/appendAudio": { params: P.ThreadRealtimeAppendAudioParams; result: P.ThreadRealtimeAppendAudioResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/realtime/appendText": { params: P.ThreadRealtimeAppendTextParams; result: P.ThreadRealtimeAppendTextResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/realtime/appendSpeech": { params: P.ThreadRealtimeAppendSpeechParams; result: P.ThreadRealtimeAppendSpeechResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/realtime/stop": { params: P.ThreadRealtimeStopParams; result: P.ThreadRealtimeStopResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/timeline/list": { params: P.ThreadTimelineListParams; result: P.ThreadTimelineListResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/realtime/list": { params: P.ThreadRealtimeListParams; result: P.ThreadRealtimeListResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "thread/realtime/listVoices": { params: P.ThreadRealtimeListVoicesParams; result: P.ThreadRealtimeListVoicesResponse };
  "review/start": { params: P.ReviewStartParams; result: P.ReviewStartResponse };
  "model/list": { params: P.ModelListParams; result: P.ModelListResponse };
  "account/gatewayOAuth/read": { params: P.GatewayOAuthReadParams | null | undefined; result: P.GatewayOAuthReadResponse };
  "account/gatewayOAuth/login": { params: P.GatewayOAuthLoginParams | null | undefined; result: P.GatewayOAuthLoginResponse };
  "account/gatewayOAuth/cancel": { params: undefined; result: P.GatewayOAuthCancelResponse };
  "modelProvider/list": { params: P.ModelProviderListParams; result: P.ModelProviderListResponse };
  "modelProvider/config/write": { params: P.ModelProviderConfigWriteParams; result: P.ModelProviderConfigWriteResponse };
  "modelProvider/default/set": { params: P.ModelProviderDefaultSetParams; result: P.ConfigWriteResponse };
  "modelProvider/capabilities/read": { params: P.ModelProviderCapabilitiesReadParams; result: P.ModelProviderCapabilitiesReadResponse };
  "experimentalFeature/list": { params: P.ExperimentalFeatureListParams; result: P.ExperimentalFeatureListResponse };
  "permissionProfile/list": { params: P.PermissionProfileListParams; result: P.PermissionProfileListResponse };
  "experimentalFeature/enablement/set": { params: P.ExperimentalFeatureEnablementSetParams; result: P.ExperimentalFeatureEnablementSetResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "remoteControl/enable": { params: P.RemoteControlEnableParams | null | undefined; result: P.RemoteControlEnableResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "remoteControl/disable": { params: P.RemoteControlDisableParams | null | undefined; result: P.RemoteControlDisableResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "remoteControl/status/read": { params: undefined; result: P.RemoteControlStatusReadResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "remoteControl/pairing/start": { params: P.RemoteControlPairingStartParams; result: P.RemoteControlPairingStartResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "remoteControl/pairing/status": { params: P.RemoteControlPairingStatusParams; result: P.RemoteControlPairingStatusResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "remoteControl/client/list": { params: P.RemoteControlClientsListParams; result: P.RemoteControlClientsListResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "remoteControl/client/revoke": { params: P.RemoteControlClientsRevokeParams; result: P.RemoteControlClientsRevokeResponse };
  /**
   * Lists collaboration mode presets.
   *
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "collaborationMode/list": { params: P.CollaborationModeListParams; result: P.CollaborationModeListResponse };
  /**
   * Test-only method used to validate experimental gating.
   *
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "mock/experimentalMethod": { params: P.MockExperimentalMethodParams; result: P.MockExperimentalMethodResponse };
  /**
   * Adds or replaces a remote environment by id for later selection.
   *
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "environment/add": { params: P.EnvironmentAddParams; result: P.EnvironmentAddResponse };
  /**
   * Reads information from a configured execution environment.
   *
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "environment/info": { params: P.EnvironmentInfoParams; result: P.EnvironmentInfoResponse };
  /**
   * Reads the current status of a configured execution environment.
   *
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "environment/status": { params: P.EnvironmentStatusParams; result: P.EnvironmentStatusResponse };
  "mcpServer/oauth/login": { params: P.McpServerOauthLoginParams; result: P.McpServerOauthLoginResponse };
  "config/mcpServer/reload": { params: undefined; result: P.McpServerRefreshResponse };
  "mcpServerStatus/list": { params: P.ListMcpServerStatusParams; result: P.ListMcpServerStatusResponse };
  "mcpServer/resource/read": { params: P.McpResourceReadParams; result: P.McpResourceReadResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "mcpServer/event/stream/start": { params: P.McpServerEventStreamStartParams; result: P.McpServerEventStreamStartResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "mcpServer/event/stream/stop": { params: P.McpServerEventStreamStopParams; result: P.McpServerEventStreamStopResponse };
  "mcpServer/tool/call": { params: P.McpServerToolCallParams; result: P.McpServerToolCallResponse };
  "windowsSandbox/setupStart": { params: P.WindowsSandboxSetupStartParams; result: P.WindowsSandboxSetupStartResponse };
  "windowsSandbox/readiness": { params: undefined; result: P.WindowsSandboxReadinessResponse };
  "account/login/start": { params: P.LoginAccountParams; result: P.LoginAccountResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "account/bedrock/discover": { params: P.BedrockDiscoverParams; result: P.BedrockDiscoverResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "account/bedrock/setup": { params: P.BedrockSetupParams; result: P.BedrockSetupResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "account/gcp/setup": { params: P.GcpSetupParams; result: P.GcpSetupResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "account/bedrock/checkGovCloudRequirements": { params: P.BedrockCheckGovCloudRequirementsParams; result: P.BedrockCheckGovCloudRequirementsResponse };
  "account/login/cancel": { params: P.CancelLoginAccountParams; result: P.CancelLoginAccountResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "accountSession/list": { params: P.AccountSessionsListParams; result: P.AccountSessionsResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "accountSession/switch": { params: P.AccountSessionsSwitchParams; result: P.AccountSessionsSwitchResponse };
  "account/logout": { params: undefined; result: P.LogoutAccountResponse };
  "account/securitySetup/read": { params: undefined; result: P.GetAccountSecuritySetupResponse };
  "account/rateLimits/read": { params: P.GetAccountRateLimitsParams | null | undefined; result: P.GetAccountRateLimitsResponse };
  "account/rateLimitResetCredit/consume": { params: P.ConsumeAccountRateLimitResetCreditParams; result: P.ConsumeAccountRateLimitResetCreditResponse };
  "account/usage/read": { params: P.GetAccountTokenUsageParams | null | undefined; result: P.GetAccountTokenUsageResponse };
  "account/workspaceMessages/read": { params: undefined; result: P.GetWorkspaceMessagesResponse };
  "account/sendAddCreditsNudgeEmail": { params: P.SendAddCreditsNudgeEmailParams; result: P.SendAddCreditsNudgeEmailResponse };
  "feedback/upload": { params: P.FeedbackUploadParams; result: P.FeedbackUploadResponse };
  "feedback/save": { params: P.FeedbackSaveParams; result: P.FeedbackSaveResponse };
  /**
   * Execute a standalone command (argv vector) under the server's sandbox.
   */
  "command/exec": { params: P.CommandExecParams; result: P.CommandExecResponse };
  /**
   * Write stdin bytes to a running `command/exec` session or close stdin.
   */
  "command/exec/write": { params: P.CommandExecWriteParams; result: P.CommandExecWriteResponse };
  /**
   * Terminate a running `command/exec` session by client-supplied `processId`.
   */
  "command/exec/terminate": { params: P.CommandExecTerminateParams; result: P.CommandExecTerminateResponse };
  /**
   * Resize a running PTY-backed `command/exec` session by client-supplied `processId`.
   */
  "command/exec/resize": { params: P.CommandExecResizeParams; result: P.CommandExecResizeResponse };
  /**
   * Spawn a standalone process (argv vector) without a Codex sandbox.
   *
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "process/spawn": { params: P.ProcessSpawnParams; result: P.ProcessSpawnResponse };
  /**
   * Write stdin bytes to a running `process/spawn` session or close stdin.
   *
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "process/writeStdin": { params: P.ProcessWriteStdinParams; result: P.ProcessWriteStdinResponse };
  /**
   * Terminate a running `process/spawn` session by client-supplied `processHandle`.
   *
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "process/kill": { params: P.ProcessKillParams; result: P.ProcessKillResponse };
  /**
   * Resize a running PTY-backed `process/spawn` session by client-supplied `processHandle`.
   *
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "process/resizePty": { params: P.ProcessResizePtyParams; result: P.ProcessResizePtyResponse };
  "config/read": { params: P.ConfigReadParams; result: P.ConfigReadResponse };
  "externalAgentConfig/detect": { params: P.ExternalAgentConfigDetectParams; result: P.ExternalAgentConfigDetectResponse };
  "externalAgentConfig/import": { params: P.ExternalAgentConfigImportParams; result: P.ExternalAgentConfigImportResponse };
  "externalAgentConfig/import/recordHistory": { params: P.ExternalAgentConfigImportHistoryRecordParams; result: P.ExternalAgentConfigImportHistoryRecordResponse };
  "externalAgentConfig/import/readHistories": { params: undefined; result: P.ExternalAgentConfigImportHistoriesReadResponse };
  "config/value/write": { params: P.ConfigValueWriteParams; result: P.ConfigWriteResponse };
  "config/batchWrite": { params: P.ConfigBatchWriteParams; result: P.ConfigWriteResponse };
  "configRequirements/read": { params: undefined; result: P.ConfigRequirementsReadResponse };
  "account/read": { params: P.GetAccountParams; result: P.GetAccountResponse };
  "fuzzyFileSearch": { params: P.FuzzyFileSearchParams; result: P.FuzzyFileSearchResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "fuzzyFileSearch/sessionStart": { params: P.FuzzyFileSearchSessionStartParams; result: P.FuzzyFileSearchSessionStartResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "fuzzyFileSearch/sessionUpdate": { params: P.FuzzyFileSearchSessionUpdateParams; result: P.FuzzyFileSearchSessionUpdateResponse };
  /**
   * @experimental Part of the experimental app-server API (`experimentalApi: true`).
   */
  "fuzzyFileSearch/sessionStop": { params: P.FuzzyFileSearchSessionStopParams; result: P.FuzzyFileSearchSessionStopResponse };
}

/**
 * Every server -> client request: method name -> `{ params, result }` (the result is the client's answer).
 */
export interface ServerRequestMap {
  /**
   * Sent when approval is requested for a specific command execution. This request is used for Turns started via turn/start.
   */
  "item/commandExecution/requestApproval": { params: P.CommandExecutionRequestApprovalParams; result: P.CommandExecutionRequestApprovalResponse };
  /**
   * Sent when approval is requested for a specific file change. This request is used for Turns started via turn/start.
   */
  "item/fileChange/requestApproval": { params: P.FileChangeRequestApprovalParams; result: P.FileChangeRequestApprovalResponse };
  /**
   * EXPERIMENTAL - Request input from the user for a tool call.
   */
  "item/tool/requestUserInput": { params: P.ToolRequestUserInputParams; result: P.ToolRequestUserInputResponse };
  /**
   * Request input for an MCP server elicitation.
   */
  "mcpServer/elicitation/request": { params: P.McpServerElicitationRequestParams; result: P.McpServerElicitationRequestResponse };
  /**
   * Request approval for additional permissions from the user.
   */
  "item/permissions/requestApproval": { params: P.PermissionsRequestApprovalParams; result: P.PermissionsRequestApprovalResponse };
  /**
   * Execute a dynamic tool call on the client.
   */
  "item/tool/call": { params: P.DynamicToolCallParams; result: P.DynamicToolCallResponse };
  "account/chatgptAuthTokens/refresh": { params: P.ChatgptAuthTokensRefreshParams; result: P.ChatgptAuthTokensRefreshResponse };
  /**
   * Generate a fresh upstream attestation result on demand.
   */
  "attestation/generate": { params: P.AttestationGenerateParams; result: P.AttestationGenerateResponse };
  /**
   * Request to approve a patch. This request is used for Turns started via the legacy APIs (i.e. SendUserTurn, SendUserMessage).
   *
   * @deprecated Legacy protocol API.
   */
  "applyPatchApproval": { params: P.ApplyPatchApprovalParams; result: P.ApplyPatchApprovalResponse };
  /**
   * Request to exec a command. This request is used for Turns started via the legacy APIs (i.e. SendUserTurn, SendUserMessage).
   *
   * @deprecated Legacy protocol API.
   */
  "execCommandApproval": { params: P.ExecCommandApprovalParams; result: P.ExecCommandApprovalResponse };
}

/**
 * Every server -> client notification: method name -> params type.
 */
export interface ServerNotificationMap {
  "error": P.ErrorNotification;
  "thread/started": P.ThreadStartedNotification;
  "thread/status/changed": P.ThreadStatusChangedNotification;
  "thread/readState/changed": P.ThreadReadStateChangedNotification;
  "thread/archived": P.ThreadArchivedNotification;
  "thread/deleted": P.ThreadDeletedNotification;
  "thread/unarchived": P.ThreadUnarchivedNotification;
  "thread/closed": P.ThreadClosedNotification;
  "thread/reverted": P.ThreadRevertedNotification;
  "skills/changed": P.SkillsChangedNotification;
  "thread/name/updated": P.ThreadNameUpdatedNotification;
  "thread/section/changed": P.ThreadSectionChangedNotification;
  "thread/attachment/updated": P.ThreadAttachmentUpdatedNotification;
  "thread/goal/updated": P.ThreadGoalUpdatedNotification;
  "thread/prediction/updated": P.ThreadPredictionUpdatedNotification;
  "thread/goal/cleared": P.ThreadGoalClearedNotification;
  "thread/queue/changed": P.ThreadQueueChangedNotification;
  "project/changed": P.ProjectChangedNotification;
  "thread/project/updated": P.ThreadProjectUpdatedNotification;
  "thread/environment/connected": P.EnvironmentConnectionNotification;
  "thread/environment/disconnected": P.EnvironmentConnectionNotification;
  "thread/settings/updated": P.ThreadSettingsUpdatedNotification;
  "thread/tokenUsage/updated": P.ThreadTokenUsageUpdatedNotification;
  "turn/started": P.TurnStartedNotification;
  "hook/started": P.HookStartedNotification;
  "turn/completed": P.TurnCompletedNotification;
  "hook/completed": P.HookCompletedNotification;
  "turn/diff/updated": P.TurnDiffUpdatedNotification;
  "turn/plan/updated": P.TurnPlanUpdatedNotification;
  "item/started": P.ItemStartedNotification;
  "item/autoApprovalReview/started": P.ItemGuardianApprovalReviewStartedNotification;
  "item/autoApprovalReview/completed": P.ItemGuardianApprovalReviewCompletedNotification;
  "autoApprovalReview/strictReviewRequired": P.StrictReviewRequiredNotification;
  "item/completed": P.ItemCompletedNotification;
  "item/agentMessage/delta": P.AgentMessageDeltaNotification;
  /**
   * EXPERIMENTAL - proposed plan streaming deltas for plan items.
   */
  "item/plan/delta": P.PlanDeltaNotification;
  /**
   * Stream base64-encoded stdout/stderr chunks for a running `command/exec` session.
   */
  "command/exec/outputDelta": P.CommandExecOutputDeltaNotification;
  /**
   * Stream base64-encoded stdout/stderr chunks for a running `process/spawn` session.
   */
  "process/outputDelta": P.ProcessOutputDeltaNotification;
  "thread/search/partial": P.ThreadSearchPartialNotification;
  /**
   * Final exit notification for a `process/spawn` session.
   */
  "process/exited": P.ProcessExitedNotification;
  "item/commandExecution/outputDelta": P.CommandExecutionOutputDeltaNotification;
  "item/commandExecution/terminalInteraction": P.TerminalInteractionNotification;
  /**
   * Deprecated legacy apply_patch output stream notification.
   */
  "item/fileChange/outputDelta": P.FileChangeOutputDeltaNotification;
  "item/fileChange/patchUpdated": P.FileChangePatchUpdatedNotification;
  "serverRequest/resolved": P.ServerRequestResolvedNotification;
  "item/mcpToolCall/progress": P.McpToolCallProgressNotification;
  "mcpServer/oauthLogin/completed": P.McpServerOauthLoginCompletedNotification;
  "mcpServer/startupStatus/updated": P.McpServerStatusUpdatedNotification;
  "mcpServer/event/stream/notification": P.McpServerEventStreamNotification;
  "account/updated": P.AccountUpdatedNotification;
  "account/gatewayOAuth/changed": P.GatewayOAuthChangedNotification;
  "account/rateLimits/updated": P.AccountRateLimitsUpdatedNotification;
  "app/list/updated": P.AppListUpdatedNotification;
  "remoteControl/status/changed": P.RemoteControlStatusChangedNotification;
  "externalAgentConfig/import/progress": P.ExternalAgentConfigImportProgressNotification;
  "externalAgentConfig/import/completed": P.ExternalAgentConfigImportCompletedNotification;
  "fs/changed": P.FsChangedNotification;
  "item/reasoning/summaryTextDelta": P.ReasoningSummaryTextDeltaNotification;
  "item/reasoning/summaryPartAdded": P.ReasoningSummaryPartAddedNotification;
  "item/reasoning/textDelta": P.ReasoningTextDeltaNotification;
  /**
   * Deprecated: Use `ContextCompaction` item type instead.
   */
  "thread/compacted": P.ContextCompactedNotification;
  "model/rerouted": P.ModelReroutedNotification;
  "model/verification": P.ModelVerificationNotification;
  "modelProvider/authRecoveryStarted": P.AuthRecoveryNotification;
  "modelProvider/authRecoveryCompleted": P.AuthRecoveryNotification;
  "turn/moderationMetadata": P.TurnModerationMetadataNotification;
  "model/safetyBuffering/updated": P.ModelSafetyBufferingUpdatedNotification;
  "warning": P.WarningNotification;
  "guardianWarning": P.GuardianWarningNotification;
  "deprecationNotice": P.DeprecationNoticeNotification;
  "configWarning": P.ConfigWarningNotification;
  "fuzzyFileSearch/sessionUpdated": P.FuzzyFileSearchSessionUpdatedNotification;
  "fuzzyFileSearch/sessionCompleted": P.FuzzyFileSearchSessionCompletedNotification;
  "thread/realtime/started": P.ThreadRealtimeStartedNotification;
  "thread/realtime/itemAdded": P.ThreadRealtimeItemAddedNotification;
  "thread/realtime/item/started": P.ThreadRealtimeItemStartedNotification;
  "thread/realtime/item/transcript/delta": P.ThreadRealtimeItemTranscriptDeltaNotification;
  "thread/realtime/item/completed": P.ThreadRealtimeItemCompletedNotification;
  "thread/realtime/transcript/delta": P.ThreadRealtimeTranscriptDeltaNotification;
  "thread/realtime/transcript/done": P.ThreadRealtimeTranscriptDoneNotification;
  "thread/realtime/outputAudio/delta": P.ThreadRealtimeOutputAudioDeltaNotification;
  "thread/realtime/sdp": P.ThreadRealtimeSdpNotification;
  "thread/realtime/error": P.ThreadRealtimeErrorNotification;
  "thread/realtime/closed": P.ThreadRealtimeClosedNotification;
  /**
   * Notifies the user of world-writable directories on Windows, which cannot be protected by the sandbox.
   */
  "windows/worldWritableWarning": P.WindowsWorldWritableWarningNotification;
  "windowsSandbox/setupCompleted": P.WindowsSandboxSetupCompletedNotification;
  "account/login/completed": P.AccountLoginCompletedNotification;
}

/** A client request method name. */
export type ClientRequestMethod = keyof ClientRequestMap;
/** A server request method name. */
export type ServerRequestMethod = keyof ServerRequestMap;
/** A server notification method name. */
export type ServerNotificationMethod = keyof ServerNotificationMap;

/** The params of client request `M`. */
export type ClientRequestParams<M extends ClientRequestMethod> = ClientRequestMap[M]["params"];
/** The result of client request `M`. */
export type ClientRequestResult<M extends ClientRequestMethod> = ClientRequestMap[M]["result"];
/** The params of server request `M`. */
export type ServerRequestParams<M extends ServerRequestMethod> = ServerRequestMap[M]["params"];
/** The result the client answers server request `M` with. */
export type ServerRequestResult<M extends ServerRequestMethod> = ServerRequestMap[M]["result"];
/** The params of server notification `M`. */
export type NotificationParams<M extends ServerNotificationMethod> = ServerNotificationMap[M];

/** A server notification of method `M`, as delivered to listeners. */
export type TypedNotification<M extends ServerNotificationMethod> = {
  method: M;
  params: ServerNotificationMap[M];
  /** Unix timestamp (in milliseconds) when app-server emitted this notification. */
  emittedAtMs?: number;
};

/**
 * Any server notification: a union over every method that narrows on `method`.
 * Same shape as the schema's `ServerNotification` envelope in protocol.ts, built from the map.
 */
export type ServerNotification = { [M in ServerNotificationMethod]: TypedNotification<M> }[ServerNotificationMethod];
