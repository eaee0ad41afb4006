using FilmScoreEmotion.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Training;

/// <summary>TorchSharp's Adam (betas 0.9 and 0.999, eps 1e-8, no weight decay; the same state and the same saved
/// state dictionary) with every number it passes to libtorch held as a Scalar until the call returns. TorchSharp
/// 0.107's <c>Adam.step</c> passes its betas, eps and step size as Scalars made on the spot, and <c>add_(eps)</c> makes its
/// alpha of 1 on the spot too (here <see cref="KeptScalars.One"/>); the finalizer thread may free any of them while
/// libtorch reads them (<see cref="KeptScalars"/>; the same fault stopped a CI run in BatchNorm,
/// <see cref="Models.KeptBatchNorm"/>). The arithmetic is TorchSharp's, operation for operation. It is named Adam as
/// TorchSharp's is because a saved optimizer state records its type's name, so checkpoints written by either load into
/// the other.</summary>
public sealed class Adam(IEnumerable<Parameter> parameters, double lr) : TorchSharp.Modules.Adam(parameters, lr)
{
    public override Tensor step(Func<Tensor>? closure = null) =>
        _step<ParamGroup>(group =>
        {
            var options = (Options)group.Options;
            var (beta1, beta2, lr) = (options.beta1!.Value, options.beta2!.Value, options.LearningRate!.Value);
            using Scalar keep1 = beta1, take1 = 1 - beta1, keep2 = beta2, take2 = 1 - beta2, eps = options.eps!.Value;
            foreach (var param in group.Parameters)
            {
                var grad = param.grad;
                if (grad is null)
                    continue;
                var state = (State)_state[param.Handle];
                state.step += 1;
                using Scalar root = Math.Sqrt(1 - Math.Pow(beta2, state.step)), stepSize = -(lr / (1 - Math.Pow(beta1, state.step)));
                state.exp_avg.mul_(keep1).add_(grad, alpha: take1);
                state.exp_avg_sq.mul_(keep2).addcmul_(grad, grad.conj(), value: take2);
                param.addcdiv_(state.exp_avg, state.exp_avg_sq.sqrt().div(root).add_(eps, KeptScalars.One), value: stepSize);
            }
        }, closure);
}
